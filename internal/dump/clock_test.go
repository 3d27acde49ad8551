package dump

import (
	"testing"
	"time"
)

func TestClock(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	type object []string
	tests := []struct {
		name         string
		objects      []object
		now, ignored string
	}{
		{"empty", nil, "", ""},
		{"one object", []object{{"2024-05-01T10:00:00Z", "2024-05-01T10:05:00Z"}}, "2024-05-01T10:05:00Z", ""},
		{"one object far ahead alone is not an outlier", []object{{"2024-05-01T20:00:00Z"}}, "2024-05-01T20:00:00Z", ""},
		{"latest wins", []object{{"2024-05-01T10:00:00Z"}, {"2024-05-01T10:07:00Z"}, {"2024-05-01T10:03:00Z"}}, "2024-05-01T10:07:00Z", ""},
		{"skewed event ignored", []object{{"2024-05-01T10:00:00Z", "2024-05-01T10:01:00Z"}, {"2024-05-01T13:00:00Z", "2024-05-01T13:00:00Z"}}, "2024-05-01T10:01:00Z", "2024-05-01T13:00:00Z"},
		{"exactly one hour ahead is news", []object{{"2024-05-01T10:00:00Z"}, {"2024-05-01T11:00:00Z"}}, "2024-05-01T11:00:00Z", ""},
		{"one hour and a second ahead is skew", []object{{"2024-05-01T10:00:00Z"}, {"2024-05-01T11:00:01Z"}}, "2024-05-01T10:00:00Z", "2024-05-01T11:00:01Z"},
		{"a repeated event spanning hours is news", []object{{"2024-05-01T10:00:00Z"}, {"2024-05-01T10:00:30Z", "2024-05-01T15:00:00Z"}}, "2024-05-01T15:00:00Z", ""},
		{"two objects far ahead together are news", []object{{"2024-05-01T10:00:00Z"}, {"2024-05-01T15:00:00Z"}, {"2024-05-01T15:00:00Z"}}, "2024-05-01T15:00:00Z", ""},
		{"zero times are absent fields", []object{{"", "2024-05-01T10:00:00Z"}, {""}}, "2024-05-01T10:00:00Z", ""},
		{"outlier seen first", []object{{"2024-05-03T00:00:00Z"}, {"2024-05-01T10:00:00Z"}, {"2024-05-01T09:00:00Z"}}, "2024-05-01T10:00:00Z", "2024-05-03T00:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c clock
			for _, obj := range tt.objects {
				var ts []time.Time
				for _, s := range obj {
					if s == "" {
						ts = append(ts, time.Time{})
					} else {
						ts = append(ts, at(s))
					}
				}
				c.observe(ts)
			}
			now, ignored := c.now()
			if got := format(now); got != tt.now {
				t.Errorf("now %s, want %s", got, tt.now)
			}
			if got := format(ignored); got != tt.ignored {
				t.Errorf("ignored %s, want %s", got, tt.ignored)
			}
		})
	}
}

func format(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
