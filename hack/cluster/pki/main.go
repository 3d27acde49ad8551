// Command pki writes the credentials of the e2e cluster into one directory:
// a CA, the API server's serving certificate, the API server's client
// certificate for the kubelet, the kubelet's serving certificate, the
// service-account signing key pair, a static token file and one kubeconfig
// per component (admin, kubelet, controller-manager, scheduler), all
// authenticating with bearer tokens.
//
//	go run ./hack/cluster/pki -dir /var/lib/pod-doctor-e2e/pki -server https://10.213.0.1:16443 \
//	    -ip 10.213.0.1 -ip 10.214.0.1 -node pod-doctor-e2e
//
// Standard library only. Keys are ECDSA P-256, valid for a year; the
// cluster is thrown away long before.
package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"flag"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(s string) error { *m = append(*m, s); return nil }

func main() {
	dir := flag.String("dir", "", "output directory")
	server := flag.String("server", "", "API server URL written into the kubeconfigs")
	node := flag.String("node", "pod-doctor-e2e", "node name (kubelet identity system:node:NAME)")
	var ips multi
	flag.Var(&ips, "ip", "IP address for the API server and kubelet certificates (repeatable)")
	flag.Parse()
	if *dir == "" || *server == "" {
		fmt.Fprintln(os.Stderr, "pki: -dir and -server are required")
		os.Exit(2)
	}
	if err := run(*dir, *server, *node, ips); err != nil {
		fmt.Fprintln(os.Stderr, "pki: "+err.Error())
		os.Exit(1)
	}
}

type keyPair struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

func run(dir, server, node string, ipStrs []string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	var ips []net.IP
	for _, s := range append([]string{"127.0.0.1"}, ipStrs...) {
		ip := net.ParseIP(s)
		if ip == nil {
			return fmt.Errorf("-ip %q is not an IP address", s)
		}
		ips = append(ips, ip)
	}
	now := time.Now().Add(-time.Hour)
	ca, err := issue(nil, &x509.Certificate{
		Subject:               pkix.Name{CommonName: "pod-doctor-e2e-ca"},
		NotBefore:             now,
		NotAfter:              now.AddDate(1, 0, 0),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature | x509.KeyUsageCRLSign,
	})
	if err != nil {
		return err
	}
	leaf := func(cn string, orgs []string, usage x509.ExtKeyUsage, dns []string, ips []net.IP) (*keyPair, error) {
		return issue(ca, &x509.Certificate{
			Subject:     pkix.Name{CommonName: cn, Organization: orgs},
			NotBefore:   now,
			NotAfter:    now.AddDate(1, 0, 0),
			KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
			ExtKeyUsage: []x509.ExtKeyUsage{usage},
			DNSNames:    dns,
			IPAddresses: ips,
		})
	}
	apiserver, err := leaf("kube-apiserver", nil, x509.ExtKeyUsageServerAuth,
		[]string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"}, ips)
	if err != nil {
		return err
	}
	kubeletClient, err := leaf("kube-apiserver-kubelet-client", []string{"system:masters"}, x509.ExtKeyUsageClientAuth, nil, nil)
	if err != nil {
		return err
	}
	kubeletServing, err := leaf("system:node:"+node, []string{"system:nodes"}, x509.ExtKeyUsageServerAuth, []string{node, "localhost"}, ips)
	if err != nil {
		return err
	}
	saKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	for name, kp := range map[string]*keyPair{"ca": ca, "apiserver": apiserver, "apiserver-kubelet-client": kubeletClient, "kubelet": kubeletServing} {
		if err := writeCert(dir, name, kp); err != nil {
			return err
		}
	}
	saDER, err := x509.MarshalECPrivateKey(saKey)
	if err != nil {
		return err
	}
	saPub, err := x509.MarshalPKIXPublicKey(&saKey.PublicKey)
	if err != nil {
		return err
	}
	if err := writePEM(filepath.Join(dir, "sa.key"), "EC PRIVATE KEY", saDER, 0o600); err != nil {
		return err
	}
	if err := writePEM(filepath.Join(dir, "sa.pub"), "PUBLIC KEY", saPub, 0o644); err != nil {
		return err
	}

	// Static tokens: token,user,uid,"group1,group2".
	users := []struct{ file, user, groups string }{
		{"admin", "pod-doctor-e2e-admin", "system:masters"},
		{"kubelet", "system:node:" + node, "system:nodes"},
		{"controller-manager", "system:kube-controller-manager", ""},
		{"scheduler", "system:kube-scheduler", ""},
	}
	var csv strings.Builder
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.cert.Raw})
	for _, u := range users {
		tok, err := token()
		if err != nil {
			return err
		}
		fmt.Fprintf(&csv, "%s,%s,%s,\"%s\"\n", tok, u.user, u.user, u.groups)
		if err := os.WriteFile(filepath.Join(dir, u.file+".kubeconfig"), kubeconfig(server, u.user, tok, caPEM), 0o600); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(dir, "tokens.csv"), []byte(csv.String()), 0o600)
}

func issue(parent *keyPair, tmpl *x509.Certificate) (*keyPair, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return nil, err
	}
	tmpl.SerialNumber = serial
	signer, signerCert := key, tmpl
	if parent != nil {
		signer, signerCert = parent.key, parent.cert
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, signerCert, &key.PublicKey, signer)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &keyPair{cert: cert, key: key}, nil
}

func writeCert(dir, name string, kp *keyPair) error {
	der, err := x509.MarshalECPrivateKey(kp.key)
	if err != nil {
		return err
	}
	if err := writePEM(filepath.Join(dir, name+".crt"), "CERTIFICATE", kp.cert.Raw, 0o644); err != nil {
		return err
	}
	return writePEM(filepath.Join(dir, name+".key"), "EC PRIVATE KEY", der, 0o600)
}

func writePEM(path, typ string, der []byte, mode os.FileMode) error {
	return os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), mode)
}

func token() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

func kubeconfig(server, user, tok string, caPEM []byte) []byte {
	return []byte(fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: pod-doctor-e2e
  cluster:
    server: %s
    certificate-authority-data: %s
users:
- name: %s
  user:
    token: %s
contexts:
- name: pod-doctor-e2e
  context:
    cluster: pod-doctor-e2e
    user: %s
    namespace: default
current-context: pod-doctor-e2e
`, server, base64.StdEncoding.EncodeToString(caPEM), user, tok, user))
}
