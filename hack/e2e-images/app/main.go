// Command app is the one static program inside every pod-doctor e2e test
// image. It is a multi-call binary, like busybox: the name it is started
// under picks the behaviour, so the images link it as /bin/sleep,
// /bin/crash, /bin/memhog and /bin/httpd.
//
//	sleep DURATION...      GNU sleep: "5", "1.5s", "2m", "infinity";
//	                       "sleep a" fails like coreutils (exit 1).
//	crash [-code N] [-message TEXT] [-after DUR]
//	                       print TEXT on stderr and into the termination log,
//	                       then exit N (CRASH_CODE, CRASH_MESSAGE, CRASH_AFTER).
//	memhog [-mb N]         allocate and touch N MiB, then sleep (MEMHOG_MB).
//	httpd [-addr :80] [-healthy-for DUR] [-ready=false] [-term-exit-code N]
//	                       serve /, /healthz and /readyz; /healthz answers 500
//	                       once -healthy-for has passed, /readyz 503 when
//	                       -ready=false; exit N on SIGTERM (default 0, like
//	                       nginx). Env: HTTPD_ADDR, HTTPD_HEALTHY_FOR,
//	                       HTTPD_READY, HTTPD_TERM_EXIT_CODE.
//
// Nothing here touches the network beyond the listening socket of httpd.
package main

import (
	"flag"
	"fmt"
	"math"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	name := filepath.Base(os.Args[0])
	args := os.Args[1:]
	if name == "app" && len(args) > 0 { // `app sleep 5` works too
		name, args = args[0], args[1:]
	}
	switch name {
	case "sleep":
		os.Exit(sleep(args))
	case "crash":
		os.Exit(crash(args))
	case "memhog":
		os.Exit(memhog(args))
	case "httpd":
		os.Exit(httpd(args))
	default:
		fmt.Fprintf(os.Stderr, "app: unknown applet %q (sleep, crash, memhog, httpd)\n", name)
		os.Exit(127)
	}
}

// sleep follows coreutils: each argument is a number with an optional
// suffix s, m, h or d, or "infinity"; the pauses add up.
func sleep(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "sleep: missing operand\nTry 'sleep --help' for more information.")
		return 1
	}
	var total float64
	for _, a := range args {
		s, ok := parseInterval(a)
		if !ok {
			fmt.Fprintf(os.Stderr, "sleep: invalid time interval '%s'\nTry 'sleep --help' for more information.\n", a)
			return 1
		}
		total += s
	}
	exitOnSignal()
	if math.IsInf(total, 1) || total > 1e9 {
		select {}
	}
	time.Sleep(time.Duration(total * float64(time.Second)))
	return 0
}

func parseInterval(a string) (float64, bool) {
	if a == "inf" || a == "infinity" {
		return math.Inf(1), true
	}
	mult := 1.0
	switch {
	case strings.HasSuffix(a, "s"):
		a = a[:len(a)-1]
	case strings.HasSuffix(a, "m"):
		a, mult = a[:len(a)-1], 60
	case strings.HasSuffix(a, "h"):
		a, mult = a[:len(a)-1], 3600
	case strings.HasSuffix(a, "d"):
		a, mult = a[:len(a)-1], 86400
	}
	v, err := strconv.ParseFloat(a, 64)
	if err != nil || v < 0 || math.IsNaN(v) {
		return 0, false
	}
	return v * mult, true
}

// crash exits with a chosen code after writing a chosen message to stderr
// and to /dev/termination-log, where the kubelet reads the termination message.
func crash(args []string) int {
	fs := flag.NewFlagSet("crash", flag.ContinueOnError)
	code := fs.Int("code", envInt("CRASH_CODE", 1), "exit code")
	msg := fs.String("message", envStr("CRASH_MESSAGE", "crash: exiting on purpose"), "message for stderr and the termination log")
	after := fs.Duration("after", envDur("CRASH_AFTER", 0), "run this long before crashing")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	fmt.Fprintf(os.Stdout, "crash: started, exiting with code %d in %s\n", *code, *after)
	time.Sleep(*after)
	fmt.Fprintln(os.Stderr, *msg)
	_ = os.WriteFile("/dev/termination-log", []byte(*msg), 0o644)
	return *code
}

// memhog allocates memory page by page until it holds -mb MiB, so a
// container with a lower limit is OOM-killed by the kernel.
func memhog(args []string) int {
	fs := flag.NewFlagSet("memhog", flag.ContinueOnError)
	mb := fs.Int("mb", envInt("MEMHOG_MB", 256), "MiB to allocate and touch")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	exitOnSignal()
	fmt.Printf("memhog: allocating %d MiB\n", *mb)
	var keep [][]byte
	for i := 0; i < *mb; i++ {
		b := make([]byte, 1<<20)
		for j := 0; j < len(b); j += 4096 {
			b[j] = 1
		}
		keep = append(keep, b)
		if i%16 == 15 {
			fmt.Printf("memhog: %d MiB\n", i+1)
		}
	}
	fmt.Printf("memhog: holding %d MiB\n", len(keep))
	select {}
}

// httpd is a tiny web server whose health endpoints can be made to fail.
func httpd(args []string) int {
	fs := flag.NewFlagSet("httpd", flag.ContinueOnError)
	addr := fs.String("addr", envStr("HTTPD_ADDR", ":80"), "listen address")
	healthyFor := fs.Duration("healthy-for", envDur("HTTPD_HEALTHY_FOR", 0), "answer /healthz 200 for this long, then 500 (0: always healthy)")
	ready := fs.Bool("ready", envStr("HTTPD_READY", "true") == "true", "answer /readyz 200 (false: 503)")
	termCode := fs.Int("term-exit-code", envInt("HTTPD_TERM_EXIT_CODE", 0), "exit code on SIGTERM (0 like nginx's fast shutdown; 143 like a JVM)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	exitOnSignalWith(*termCode)
	start := time.Now()
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		if *healthyFor > 0 && time.Since(start) > *healthyFor {
			http.Error(w, "unhealthy: healthy-for "+healthyFor.String()+" has passed", http.StatusInternalServerError)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		if !*ready {
			http.Error(w, "not ready", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ready")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "pod-doctor e2e httpd")
	})
	fmt.Printf("httpd: listening on %s\n", *addr)
	srv := &http.Server{Addr: *addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	if err := srv.ListenAndServe(); err != nil {
		fmt.Fprintln(os.Stderr, "httpd:", err)
		return 1
	}
	return 0
}

// exitOnSignal makes SIGTERM and SIGINT end the program at once: as PID 1 in
// a container a signal without a handler would be ignored.
func exitOnSignal() { exitOnSignalWith(0) }

func exitOnSignalWith(code int) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-c
		os.Exit(code)
	}()
}

func envStr(k, def string) string {
	if v, ok := os.LookupEnv(k); ok {
		return v
	}
	return def
}

func envInt(k string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(k)); err == nil {
		return v
	}
	return def
}

func envDur(k string, def time.Duration) time.Duration {
	if v, err := time.ParseDuration(os.Getenv(k)); err == nil {
		return v
	}
	return def
}
