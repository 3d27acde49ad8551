// Command chartdoc writes the values table of a Helm chart's README.md from
// the "# --" comments in its values.yaml, between the markers
// <!-- values:start --> and <!-- values:end -->.
//
//	go run ./hack/chartdoc                 rewrite charts/pod-doctor/README.md
//	go run ./hack/chartdoc -check          fail when README.md is stale
//
// A key documented with "# -- text" is one row (its whole value is the
// default, even a map); an undocumented map is descended into; an
// undocumented leaf is an error, so every value is documented.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

const (
	startMarker = "<!-- values:start -->"
	endMarker   = "<!-- values:end -->"
)

// Row is one documented value.
type Row struct {
	Key         string
	Type        string
	Default     string
	Description string
}

func main() {
	chart := flag.String("chart", "charts/pod-doctor", "chart directory")
	extra := flag.String("also", "README.md", "comma-separated further Markdown files that carry the table between the markers")
	check := flag.Bool("check", false, "fail when a file is stale instead of rewriting it")
	flag.Parse()
	paths := []string{filepath.Join(*chart, "README.md")}
	for _, p := range strings.Split(*extra, ",") {
		if p = strings.TrimSpace(p); p != "" {
			paths = append(paths, p)
		}
	}
	for _, p := range paths {
		if err := run(*chart, p, *check); err != nil {
			fmt.Fprintln(os.Stderr, "chartdoc: "+err.Error())
			os.Exit(1)
		}
	}
}

// run regenerates (or, with check, verifies) the table in one Markdown file.
func run(chart, readmePath string, check bool) error {
	readme, err := os.ReadFile(readmePath)
	if err != nil {
		return err
	}
	want, err := Render(chart, string(readme))
	if err != nil {
		return err
	}
	if want == string(readme) {
		return nil
	}
	if check {
		return fmt.Errorf("%s is stale: run `go run ./hack/chartdoc`", readmePath)
	}
	return os.WriteFile(readmePath, []byte(want), 0o644)
}

// Render returns readme with the table regenerated from chart/values.yaml.
func Render(chart, readme string) (string, error) {
	values, err := os.ReadFile(filepath.Join(chart, "values.yaml"))
	if err != nil {
		return "", err
	}
	rows, err := Rows(values)
	if err != nil {
		return "", err
	}
	return Splice(readme, Table(rows))
}

// Rows walks values.yaml in file order.
func Rows(values []byte) ([]Row, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(values, &doc); err != nil {
		return nil, fmt.Errorf("values.yaml: %w", err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("values.yaml: not a mapping")
	}
	var rows []Row
	err := walk(doc.Content[0], "", &rows)
	return rows, err
}

func walk(m *yaml.Node, prefix string, rows *[]Row) error {
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		key := prefix + k.Value
		desc := description(k.HeadComment)
		if desc == "" {
			if v.Kind == yaml.MappingNode && len(v.Content) > 0 {
				if err := walk(v, key+".", rows); err != nil {
					return err
				}
				continue
			}
			return fmt.Errorf("values.yaml line %d: %s has no \"# --\" description", k.Line, key)
		}
		def, err := defaultOf(v)
		if err != nil {
			return fmt.Errorf("values.yaml line %d: %s: %w", k.Line, key, err)
		}
		*rows = append(*rows, Row{Key: key, Type: typeOf(v), Default: def, Description: desc})
	}
	return nil
}

// description is the text from the "# --" line on; earlier comment lines
// (a file header) are not part of it.
func description(head string) string {
	var parts []string
	started := false
	for _, line := range strings.Split(head, "\n") {
		line = strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(line, "# --"); ok {
			started = true
			parts = parts[:0]
			parts = append(parts, strings.TrimSpace(rest))
			continue
		}
		if !started {
			continue
		}
		if line == "" || line == "#" {
			break
		}
		parts = append(parts, strings.TrimSpace(strings.TrimPrefix(line, "#")))
	}
	return strings.Join(parts, " ")
}

func typeOf(v *yaml.Node) string {
	switch v.Kind {
	case yaml.SequenceNode:
		return "list"
	case yaml.MappingNode:
		return "object"
	}
	switch v.Tag {
	case "!!int":
		return "int"
	case "!!float":
		return "float"
	case "!!bool":
		return "bool"
	case "!!null":
		return "null"
	}
	return "string"
}

func defaultOf(v *yaml.Node) (string, error) {
	var x any
	if err := v.Decode(&x); err != nil {
		return "", err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(x); err != nil {
		return "", err
	}
	return strings.TrimSpace(b.String()), nil
}

// Table renders rows as a Markdown table.
func Table(rows []Row) string {
	var b strings.Builder
	b.WriteString("| Key | Type | Default | Description |\n| --- | --- | --- | --- |\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| `%s` | %s | `%s` | %s |\n", r.Key, r.Type, cell(r.Default), cell(r.Description))
	}
	return b.String()
}

func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// Splice puts table between the markers of readme.
func Splice(readme, table string) (string, error) {
	start := strings.Index(readme, startMarker)
	end := strings.Index(readme, endMarker)
	if start < 0 || end < start {
		return "", fmt.Errorf("README.md needs %s and %s, in that order", startMarker, endMarker)
	}
	return readme[:start+len(startMarker)] + "\n" + table + readme[end:], nil
}
