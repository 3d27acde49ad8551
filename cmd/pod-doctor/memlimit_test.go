package main

import "testing"

func TestMemorySoftLimit(t *testing.T) {
	tests := []struct {
		name       string
		opts       memoryOptions
		gomemlimit string
		want       int64
		wantErr    string
	}{
		{name: "no limit given", opts: memoryOptions{Ratio: 0.9}, want: 0},
		{name: "downward API bytes", opts: memoryOptions{Limit: "419430400", Ratio: 0.9}, want: 377487360},
		{name: "quantity", opts: memoryOptions{Limit: "400Mi", Ratio: 0.9}, want: 377487360},
		{name: "GOMEMLIMIT wins", opts: memoryOptions{Limit: "400Mi", Ratio: 0.9}, gomemlimit: "300MiB", want: 0},
		{name: "ratio 1", opts: memoryOptions{Limit: "1Gi", Ratio: 1}, want: 1 << 30},
		{name: "not a quantity", opts: memoryOptions{Limit: "lots", Ratio: 0.9}, wantErr: `--memory-limit "lots": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`},
		{name: "ratio out of range", opts: memoryOptions{Limit: "1Gi", Ratio: 1.5}, wantErr: "--memory-limit-ratio must be in (0, 1], got 1.5"},
		{name: "zero", opts: memoryOptions{Limit: "0", Ratio: 0.9}, wantErr: `--memory-limit must be positive, got "0"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.opts.softLimit(tt.gomemlimit)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("softLimit = %d, %v; want %d", got, err, tt.want)
			}
		})
	}
}
