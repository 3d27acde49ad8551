package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// JUnit's XML as CI systems read it (Jenkins, GitLab, GitHub test
// reporters): one test suite per namespace, one test case per object; a
// diagnosed object is a failed case whose message is "<Reason>: <summary>"
// and whose text holds the evidence and hints, so a pipeline that gates on
// "no pod is stuck" shows why.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",cdata"`
}

// writeJUnit renders the rows (sorted: namespaces follow each other within a kind).
func writeJUnit(w io.Writer, rows []Row) error {
	doc := junitSuites{Name: "pod-doctor"}
	suites := map[string]int{}
	for _, r := range rows {
		rec := toRecord(r)
		i, ok := suites[rec.Namespace]
		if !ok {
			i = len(doc.Suites)
			suites[rec.Namespace] = i
			doc.Suites = append(doc.Suites, junitSuite{Name: orDash(rec.Namespace)})
		}
		s := &doc.Suites[i]
		c := junitCase{Name: rec.Kind + "/" + rec.Name, ClassName: orDash(rec.Namespace) + "." + rec.Kind}
		if r.Diagnosis != nil {
			c.Failure = &junitFailure{Message: rec.Reason + ": " + rec.Summary, Type: rec.Reason, Text: failureText(rec)}
			s.Failures++
			doc.Failures++
		}
		s.Tests++
		doc.Tests++
		s.Cases = append(s.Cases, c)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("encoding junit: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// failureText is the details block of the text output, for the CI's log view.
func failureText(rec record) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s, %s) since %s\n", rec.Reason, rec.Category, rec.Severity, rec.Since)
	writeList(&b, "Evidence", rec.Evidence)
	writeList(&b, "Hints", rec.Hints)
	return b.String()
}
