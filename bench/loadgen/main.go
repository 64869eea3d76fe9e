// Command loadgen drives a running Pagewright with concurrent document reads
// or writes on loopback and prints throughput and latency percentiles.
// Writes use one page per connection and follow each page's ETag, so every
// PUT is a real, non-conflicting save.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "server URL")
	token := flag.String("token", "", "API token")
	mode := flag.String("mode", "get", "get or put")
	pages := flag.String("pages", "", "comma-separated page ids (get uses the first; put needs one per connection)")
	conns := flag.Int("c", 50, "connections")
	dur := flag.Duration("d", 10*time.Second, "duration")
	label := flag.String("label", "", "label printed with the result")
	flag.Parse()
	ids := strings.Split(*pages, ",")
	if *mode == "put" && len(ids) < *conns {
		fail("put needs %d page ids, got %d", *conns, len(ids))
	}
	tr := &http.Transport{MaxIdleConnsPerHost: *conns, MaxConnsPerHost: *conns}
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), *dur)
	defer cancel()
	var mu sync.Mutex
	var lat []time.Duration
	var errs, conflicts int
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < *conns; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			id := ids[0]
			if *mode == "put" {
				id = ids[i]
			}
			url := *base + "/api/v1/pages/" + id + "/document"
			etag, body := fetch(client, url, *token)
			var local []time.Duration
			var e, c int
			for ctx.Err() == nil {
				t0 := time.Now()
				var req *http.Request
				if *mode == "put" {
					req, _ = http.NewRequest("PUT", url, bytes.NewReader(body))
					req.Header.Set("If-Match", etag)
					req.Header.Set("Content-Type", "application/json")
				} else {
					req, _ = http.NewRequest("GET", url, nil)
				}
				req.Header.Set("Authorization", "Bearer "+*token)
				res, err := client.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						e++
					}
					continue
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				local = append(local, time.Since(t0))
				switch {
				case res.StatusCode == 412:
					c++
				case res.StatusCode >= 300:
					e++
				}
				if et := res.Header.Get("ETag"); et != "" {
					etag = et
				}
			}
			mu.Lock()
			lat = append(lat, local...)
			errs += e
			conflicts += c
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(float64(len(lat))*p))]
	}
	fmt.Printf("%-28s %-4s c=%d  requests=%d  req/s=%.0f  p50=%s  p90=%s  p99=%s  max=%s  errors=%d  conflicts=%d\n",
		*label, *mode, *conns, len(lat), float64(len(lat))/elapsed.Seconds(), pct(.5).Round(10*time.Microsecond),
		pct(.9).Round(10*time.Microsecond), pct(.99).Round(10*time.Microsecond), pct(1).Round(10*time.Microsecond), errs, conflicts)
	if errs > 0 {
		os.Exit(1)
	}
}

func fetch(c *http.Client, url, token string) (string, []byte) {
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := c.Do(req)
	if err != nil {
		fail("%v", err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		fail("GET %s: %d %s", url, res.StatusCode, b)
	}
	return res.Header.Get("ETag"), b
}

func fail(f string, a ...any) {
	fmt.Fprintf(os.Stderr, "loadgen: "+f+"\n", a...)
	os.Exit(1)
}
