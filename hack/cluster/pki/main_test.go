package main

import (
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCredentials(t *testing.T) {
	dir := t.TempDir()
	if err := run(dir, "https://10.213.0.1:16443", "pod-doctor-e2e", []string{"10.213.0.1", "10.214.0.1"}); err != nil {
		t.Fatal(err)
	}
	load := func(name string) *x509.Certificate {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		blk, _ := pem.Decode(b)
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	ca := load("ca.crt")
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	api := load("apiserver.crt")
	for _, host := range []string{"10.213.0.1", "10.214.0.1", "127.0.0.1", "kubernetes.default.svc"} {
		if _, err := api.Verify(x509.VerifyOptions{Roots: pool, DNSName: host}); err != nil {
			t.Errorf("apiserver certificate for %s: %v", host, err)
		}
	}
	client := load("apiserver-kubelet-client.crt")
	if _, err := client.Verify(x509.VerifyOptions{Roots: pool, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}); err != nil {
		t.Errorf("kubelet client certificate: %v", err)
	}
	if len(client.Subject.Organization) != 1 || client.Subject.Organization[0] != "system:masters" {
		t.Errorf("kubelet client certificate groups %v", client.Subject.Organization)
	}
	tokens, _ := os.ReadFile(filepath.Join(dir, "tokens.csv"))
	if n := strings.Count(string(tokens), "\n"); n != 4 {
		t.Errorf("tokens.csv has %d lines, want 4", n)
	}
	if !strings.Contains(string(tokens), `,system:node:pod-doctor-e2e,system:node:pod-doctor-e2e,"system:nodes"`) {
		t.Errorf("no kubelet token in tokens.csv:\n%s", tokens)
	}
	for _, k := range []string{"admin", "kubelet", "controller-manager", "scheduler"} {
		b, err := os.ReadFile(filepath.Join(dir, k+".kubeconfig"))
		if err != nil || !strings.Contains(string(b), "server: https://10.213.0.1:16443") {
			t.Errorf("%s.kubeconfig: %v", k, err)
		}
	}
	for _, f := range []string{"sa.key", "sa.pub", "kubelet.crt", "kubelet.key"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
}
