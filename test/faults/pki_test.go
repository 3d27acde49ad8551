//go:build faults

package faults

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Identities the API server knows through its static token file. The
// controller authenticates as its ServiceAccount would in a cluster, so the
// shipped RBAC (config/rbac) is what authorizes it, and the audit log can
// tell its writes from the test's.
const (
	adminToken      = "faults-admin-token"
	controllerToken = "faults-controller-token"
	controllerUser  = "system:serviceaccount:pod-doctor-system:pod-doctor"
	releaseNS       = "pod-doctor-system"
)

// pki is the files the API server and its clients need, in one directory.
type pki struct {
	caFile, certFile, keyFile string // serving CA, certificate and key
	saPub, saKey              string // service-account token signing pair
	tokens                    string // --token-auth-file
}

// writePKI creates a CA, a serving certificate for 127.0.0.1 and localhost,
// the service-account key pair and the token file. ECDSA P-256, standard
// library only; the cluster lives for one test.
func writePKI(dir string) (*pki, error) {
	p := &pki{
		caFile: filepath.Join(dir, "ca.crt"), certFile: filepath.Join(dir, "apiserver.crt"), keyFile: filepath.Join(dir, "apiserver.key"),
		saPub: filepath.Join(dir, "sa.pub"), saKey: filepath.Join(dir, "sa.key"), tokens: filepath.Join(dir, "tokens.csv"),
	}
	caKey, caCert, err := selfSignedCA()
	if err != nil {
		return nil, err
	}
	key, der, err := servingCert(caKey, caCert)
	if err != nil {
		return nil, err
	}
	saKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generate service-account key: %w", err)
	}
	files := []struct {
		path  string
		block func() (*pem.Block, error)
	}{
		{p.caFile, func() (*pem.Block, error) { return &pem.Block{Type: "CERTIFICATE", Bytes: caCert.Raw}, nil }},
		{p.certFile, func() (*pem.Block, error) { return &pem.Block{Type: "CERTIFICATE", Bytes: der}, nil }},
		{p.keyFile, func() (*pem.Block, error) { return ecKeyBlock(key) }},
		{p.saKey, func() (*pem.Block, error) { return ecKeyBlock(saKey) }},
		{p.saPub, func() (*pem.Block, error) { return publicKeyBlock(saKey) }},
	}
	for _, f := range files {
		b, err := f.block()
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(f.path, pem.EncodeToMemory(b), 0o600); err != nil {
			return nil, fmt.Errorf("write %s: %w", f.path, err)
		}
	}
	tokens := strings.Join([]string{
		adminToken + `,faults-admin,faults-admin,"system:masters"`,
		controllerToken + `,` + controllerUser + `,pod-doctor-uid,"system:serviceaccounts,system:serviceaccounts:` + releaseNS + `"`,
	}, "\n") + "\n"
	if err := os.WriteFile(p.tokens, []byte(tokens), 0o600); err != nil {
		return nil, fmt.Errorf("write token file: %w", err)
	}
	return p, nil
}

func selfSignedCA() (*ecdsa.PrivateKey, *x509.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("generate CA key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "faults-ca"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature, BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, fmt.Errorf("create CA certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, fmt.Errorf("parse CA certificate: %w", err)
	}
	return key, cert, nil
}

func servingCert(caKey *ecdsa.PrivateKey, ca *x509.Certificate) (*ecdsa.PrivateKey, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("generate serving key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "kube-apiserver"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames: []string{"localhost", "kubernetes.default"}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return nil, nil, fmt.Errorf("create serving certificate: %w", err)
	}
	return key, der, nil
}

func ecKeyBlock(k *ecdsa.PrivateKey) (*pem.Block, error) {
	der, err := x509.MarshalECPrivateKey(k)
	if err != nil {
		return nil, fmt.Errorf("marshal key: %w", err)
	}
	return &pem.Block{Type: "EC PRIVATE KEY", Bytes: der}, nil
}

func publicKeyBlock(k *ecdsa.PrivateKey) (*pem.Block, error) {
	der, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("marshal public key: %w", err)
	}
	return &pem.Block{Type: "PUBLIC KEY", Bytes: der}, nil
}
