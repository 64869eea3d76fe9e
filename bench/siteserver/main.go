// Command siteserver is the site server's benchmark fixture: it builds a
// sample site in memory with sitebuild (the flu clinic landing page from
// the renderer's test data, under a few paths, with the default design
// tokens), serves it with siteserver.Server, and writes the same files as
// a static folder (path/index.html with .gz and .br siblings) for nginx
// to serve in the comparison run by bench/sites.sh.
//
// The site is reachable both under the path prefix
// (/s/riverside/production/…) and, with "Host: www.riverside.example", at
// the root, like an attached domain.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	_ "net/http/pprof"
	"os"
	"os/signal"
	"sort"
	"syscall"
	"time"

	"github.com/pagewright/pagewright/internal/sitebuild"
	"github.com/pagewright/pagewright/internal/siteserver"
)

const (
	siteSlug = "riverside"
	env      = "production"
	host     = "www.riverside.example"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18081", "address to serve the site on")
	static := flag.String("static", "", "write the site as a static folder here (for nginx) and keep serving")
	docPath := flag.String("doc", "internal/render/testdata/flu-clinic.json", "page document to publish")
	pprofAddr := flag.String("pprof", "", "serve net/http/pprof on this address (for profiling the hot path)")
	floorAddr := flag.String("floor", "", "also serve, on this address, the -floor-page's gzip response as fixed bytes and headers: "+
		"what net/http alone costs, with no site server logic")
	floorPage := flag.String("floor-page", "/services/flu-clinic/", "page for -floor")
	fastAddr := flag.String("fast", "", "also serve the site on this address as pagewright serve's sites listener does (fasthttp)")
	flag.Parse()
	if *pprofAddr != "" {
		go func() { _ = http.ListenAndServe(*pprofAddr, nil) }() // DefaultServeMux has pprof's handlers
	}
	if err := run(*addr, *static, *docPath, *floorAddr, *floorPage, *fastAddr); err != nil {
		fmt.Fprintln(os.Stderr, "siteserver bench:", err)
		os.Exit(1)
	}
}

// staticResolver serves one environment, by prefix and by host.
type staticResolver struct{ live siteserver.Live }

func (r staticResolver) ByPrefix(_ context.Context, site, e string) (siteserver.Live, bool, error) {
	return r.live, site == siteSlug && e == env, nil
}

func (r staticResolver) ByHost(_ context.Context, h string) (siteserver.Live, bool, error) {
	return r.live, h == host, nil
}

func run(addr, static, docPath, floorAddr, floorPage, fastAddr string) error {
	ctx := context.Background()
	doc, err := os.ReadFile(docPath)
	if err != nil {
		return err
	}
	var pages []sitebuild.Page
	for i, p := range []string{"/", "/services/flu-clinic/", "/services/covid-booster/", "/clinics/riverside/", "/about/"} {
		pages = append(pages, sitebuild.Page{ID: fmt.Sprintf("page-%d", i), Title: "Flu clinic", Path: p, Document: doc})
	}
	objs := &sitebuild.MemObjects{}
	m, st, err := sitebuild.Build(ctx, sitebuild.Input{SiteID: "site-bench", BuildID: "build-bench",
		BaseURL: "https://" + host, Pages: pages}, objs)
	if err != nil {
		return err
	}
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	mh := hex.EncodeToString(sum[:])
	if err := objs.Put(ctx, mh, data); err != nil {
		return err
	}
	if static != "" {
		if err := sitebuild.Export(ctx, m, objs, static); err != nil {
			return err
		}
	}
	paths := make([]string, 0, len(m.Files))
	for p := range m.Files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	fmt.Printf("built %d pages, %d files, %d objects in %s\n", st.Pages, st.Files, objs.Len(), st.Duration.Round(time.Millisecond))
	for _, p := range paths {
		f := m.Files[p]
		line := fmt.Sprintf("  %-40s %6d B", p, f.Size)
		if f.Gzip != nil {
			line += fmt.Sprintf("  gzip %6d B", f.Gzip.Size)
		}
		if f.Br != nil {
			line += fmt.Sprintf("  br %6d B", f.Br.Size)
		}
		fmt.Println(line)
	}

	srv := &siteserver.Server{
		Resolver: staticResolver{siteserver.Live{SiteID: "site-bench", SiteSlug: siteSlug, Env: env,
			DeploymentID: "dep-bench", ManifestHash: mh, Access: siteserver.Access{Mode: siteserver.AccessPublic}}},
		Objects: objs,
		Logger:  slog.New(slog.NewTextHandler(os.Stderr, nil)),
	}
	// Routed as the app will: attached domains first, then the app's own
	// mux, where the site server owns the prefix.
	mux := http.NewServeMux()
	mux.Handle("/s/", srv)
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if srv.ServeHost(w, r) {
			return
		}
		mux.ServeHTTP(w, r)
	})
	servers := []*http.Server{newServer(addr, handler)}
	if floorAddr != "" {
		fh, err := floorHandler(srv, floorPage)
		if err != nil {
			return err
		}
		servers = append(servers, newServer(floorAddr, fh))
	}
	if fastAddr != "" {
		// As on the app's sites listener: a domain first, then /s/.
		fallback := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !srv.ServeHost(w, r) {
				srv.ServeHTTP(w, r)
			}
		})
		fs := siteserver.NewFastServer(srv.FastHandler(fallback), 64<<10)
		go func() {
			if err := fs.ListenAndServe(fastAddr); err != nil {
				fmt.Fprintln(os.Stderr, "sites listener:", err)
				os.Exit(1)
			}
		}()
		fmt.Printf("sites listener on http://%s/s/%s/%s/\n", fastAddr, siteSlug, env)
	}
	go func() {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
		<-sig
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		for _, hs := range servers {
			_ = hs.Shutdown(sctx)
		}
	}()
	fmt.Printf("serving on http://%s/s/%s/%s/ and with Host: %s\n", addr, siteSlug, env, host)
	errc := make(chan error, len(servers))
	for _, hs := range servers {
		go func() { errc <- hs.ListenAndServe() }()
	}
	for range servers {
		if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	}
	return nil
}

// newServer is configured like the app's server (internal/app), whose
// read deadlines cost something on every request too.
func newServer(addr string, h http.Handler) *http.Server {
	return &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
}

// floorHandler answers every request with the response the site server
// gives for page with gzip accepted, as fixed headers and bytes: the
// fastest any net/http handler could send the same response.
func floorHandler(srv *siteserver.Server, page string) (http.Handler, error) {
	r := httptest.NewRequest("GET", page, nil)
	r.Host = host
	r.Header.Set("Accept-Encoding", "gzip")
	w := httptest.NewRecorder()
	if !srv.ServeHost(w, r) || w.Code != http.StatusOK {
		return nil, fmt.Errorf("floor: %s answers %d", page, w.Code)
	}
	hdr, body := w.Header().Clone(), w.Body.Bytes()
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		h := w.Header()
		for k, v := range hdr {
			h[k] = v
		}
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body)
	}), nil
}
