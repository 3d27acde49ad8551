package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"slices"
	"strings"
)

// point is one size of the scaling curve, as -curve records it. The file
// keeps one point per pod count (a new run replaces the old one), so the
// sizes can be run one at a time.
type point struct {
	Pods            int     `json:"pods"`
	Nodes           int     `json:"nodes"`
	Abnormal        int     `json:"abnormal"`
	Date            string  `json:"date"`
	RSSMiB          float64 `json:"rssMiB"`
	PeakRSSMiB      float64 `json:"peakRssMiB"`
	HeapMiB         float64 `json:"heapMiB"`
	HeapPerPodKiB   float64 `json:"heapPerPodKiB"`
	SyncSeconds     float64 `json:"syncSeconds"`
	SyncCPUSeconds  float64 `json:"syncCpuSeconds"`
	FirstSeconds    float64 `json:"firstAnnotationAfterSyncSeconds"`
	AnnotateSeconds float64 `json:"allAnnotatedSeconds"`
	TargetSeconds   float64 `json:"allAnnotatedTargetSeconds"`
	QuietWrites     float64 `json:"quietWrites"`
	EngineP99Micros float64 `json:"engineP99Micros"`
	LiveSeconds     float64 `json:"liveDiagnoseSeconds,omitempty"`
	LiveRSSMiB      float64 `json:"liveDiagnoseRssMiB,omitempty"`
}

// recordPoint merges p into the curve file and redraws the plot from every
// point the file holds.
func recordPoint(path, plot string, p point) error {
	pts, err := readCurve(path)
	if err != nil {
		return err
	}
	pts = slices.DeleteFunc(pts, func(o point) bool { return o.Pods == p.Pods })
	pts = append(pts, p)
	slices.SortFunc(pts, func(a, b point) int { return a.Pods - b.Pods })
	b, err := json.MarshalIndent(pts, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing the curve: %w", err)
	}
	if plot == "" {
		return nil
	}
	if err := os.WriteFile(plot, []byte(svgPlot(pts)), 0o644); err != nil {
		return fmt.Errorf("writing the plot: %w", err)
	}
	return nil
}

func readCurve(path string) ([]point, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the curve: %w", err)
	}
	var pts []point
	if err := json.Unmarshal(b, &pts); err != nil {
		return nil, fmt.Errorf("reading the curve %s: %w", path, err)
	}
	return pts, nil
}

// panel is one chart of the plot: a measured series, optionally against a
// target series drawn dashed.
type panel struct {
	title, unit   string
	value, target func(point) float64
	decimals      int
	targetCaption string
}

var panels = []panel{
	{title: "Controller RSS", unit: "MiB", value: func(p point) float64 { return p.RSSMiB },
		target: func(point) float64 { return 400 }, targetCaption: "target at 150k: 400 MiB"},
	{title: "Live heap per cached pod", unit: "KiB", decimals: 2, value: func(p point) float64 { return p.HeapPerPodKiB }},
	{title: "CPU to sync the caches", unit: "s", decimals: 1, value: func(p point) float64 { return p.SyncCPUSeconds }},
	{title: "Start until all abnormal pods are annotated", unit: "s", value: func(p point) float64 { return p.AnnotateSeconds },
		target: func(p point) float64 { return p.TargetSeconds + p.SyncSeconds }, targetCaption: "target: sync + 2×abnormal÷200 QPS + 30 s"},
}

// svgPlot draws the panels side by side over a linear pod axis, from the
// recorded numbers only.
func svgPlot(pts []point) string {
	const w, h, pad = 390, 250, 56
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">`+"\n", w*2, h*2+24)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(&b, `<text x="8" y="16" font-size="13" font-weight="bold">pod-doctor controller, one replica, by pods cached (make bench-curve)</text>`+"\n")
	maxPods := 0
	for _, p := range pts {
		maxPods = max(maxPods, p.Pods)
	}
	for i, pn := range panels {
		x0, y0 := float64((i%2)*w), float64(24+(i/2)*h)
		drawPanel(&b, pn, pts, x0, y0, w, h, pad, float64(maxPods))
	}
	b.WriteString("</svg>\n")
	return b.String()
}

func drawPanel(b *strings.Builder, pn panel, pts []point, x0, y0 float64, w, h, pad int, maxPods float64) {
	top := 0.0
	for _, p := range pts {
		top = max(top, pn.value(p))
		if pn.target != nil {
			top = max(top, pn.target(p))
		}
	}
	top = niceCeil(top)
	left, right := x0+float64(pad), x0+float64(w-36)
	upper, lower := y0+28, y0+float64(h-pad+8)
	x := func(pods int) float64 { return left + (right-left)*float64(pods)/math.Max(maxPods, 1) }
	y := func(v float64) float64 { return lower - (lower-upper)*v/math.Max(top, 1e-9) }
	fmt.Fprintf(b, `<text x="%.0f" y="%.0f" font-weight="bold">%s (%s)</text>`+"\n", left, y0+16, pn.title, pn.unit)
	fmt.Fprintf(b, `<path d="M%.1f %.1fV%.1fH%.1f" fill="none" stroke="#444"/>`+"\n", left, upper, lower, right)
	for _, t := range []float64{0, top / 2, top} {
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="end">%s</text>`+"\n", left-8, y(t)+4, trimFloat(t, pn.decimals))
	}
	for _, p := range pts {
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>`+"\n", x(p.Pods), lower+14, thousands(p.Pods))
	}
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="middle">pods</text>`+"\n", (left+right)/2, lower+28)
	if pn.target != nil {
		fmt.Fprintf(b, `<polyline points="%s" fill="none" stroke="#c0392b" stroke-dasharray="5 4"/>`+"\n", polyline(pts, pn.target, x, y))
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" fill="#c0392b">%s</text>`+"\n", left+6, upper+10, pn.targetCaption)
	}
	fmt.Fprintf(b, `<polyline points="%s" fill="none" stroke="#1f6feb" stroke-width="2"/>`+"\n", polyline(pts, pn.value, x, y))
	for _, p := range pts {
		v := pn.value(p)
		fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="3" fill="#1f6feb"/><text x="%.1f" y="%.1f" text-anchor="middle">%s</text>`+"\n",
			x(p.Pods), y(v), x(p.Pods), y(v)-7, trimFloat(v, pn.decimals))
	}
}

func polyline(pts []point, f func(point) float64, x func(int) float64, y func(float64) float64) string {
	s := make([]string, len(pts))
	for i, p := range pts {
		s[i] = fmt.Sprintf("%.1f,%.1f", x(p.Pods), y(f(p)))
	}
	return strings.Join(s, " ")
}

// niceCeil rounds v up to 1, 2 or 5 times a power of ten.
func niceCeil(v float64) float64 {
	if v <= 0 {
		return 1
	}
	e := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*e >= v {
			return m * e
		}
	}
	return 10 * e
}

func trimFloat(v float64, decimals int) string { return fmt.Sprintf("%.*f", decimals, v) }

func thousands(n int) string {
	if n%1000 == 0 {
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprint(n)
}
