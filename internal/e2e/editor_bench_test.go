package e2e

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/heapprofiler"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/pagewright/pagewright/internal/apptest"
)

// benchDoc is a page of about n nodes: sections, each with a heading and
// columns of cards holding text and a button — the shape of a long
// landing page.
func benchDoc(n int) []byte {
	nodes := map[string]any{"root": map[string]any{"id": "root", "type": "Page"}}
	add := func(id, typ, parent string, pos int, props map[string]any) {
		nodes[id] = map[string]any{"id": id, "type": typ, "parent": parent, "pos": fmt.Sprintf("d%04d", pos), "props": props}
	}
	for s := 0; len(nodes) < n; s++ {
		sec := fmt.Sprintf("s%d", s)
		add(sec, "Section", "root", s, map[string]any{"label": "Section " + sec})
		add(sec+"h", "Heading", sec, 0, map[string]any{"text": "Heading " + sec, "level": 2})
		add(sec+"c", "Columns", sec, 1, map[string]any{"count": 1, "countMd": 3})
		for c := 0; c < 6 && len(nodes) < n; c++ {
			card := fmt.Sprintf("%sc%d", sec, c)
			add(card, "Card", sec+"c", c, map[string]any{"title": "Card " + card})
			add(card+"t", "Text", card, 0, map[string]any{"html": "<p>Some <strong>text</strong> for " + card + ".</p>"})
			add(card+"b", "Button", card, 1, map[string]any{"text": "More", "href": "/more/" + card})
		}
	}
	b, _ := json.Marshal(map[string]any{"schemaVersion": 1, "root": "root", "meta": map[string]any{"title": "Bench", "lang": "en"}, "nodes": nodes})
	return b
}

// evalAsync evaluates an expression whose value is a promise.
func evalAsync[T any](ctx context.Context, expr string) (T, error) {
	c, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	return chromedp.Run(c, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// heapMB collects garbage and reads the page's JavaScript heap.
func heapMB(ctx context.Context) (float64, error) {
	if _, err := chromedp.Call(ctx, heapprofiler.CollectGarbage, cdp.Empty{}); err != nil {
		return 0, err
	}
	u, err := chromedp.Call(ctx, runtime.GetHeapUsage, cdp.Empty{})
	if err != nil {
		return 0, err
	}
	return u.UsedSize / 1e6, nil
}

// untilMutation (in the page) resolves as soon as the canvas DOM satisfies cond:
// a MutationObserver sees the change in the same task that makes it.
const untilMutation = `const until = (doc, cond) => new Promise((resolve) => {
	if (cond()) return resolve();
	const mo = new MutationObserver(() => { if (cond()) { mo.disconnect(); resolve(); } });
	mo.observe(doc, {subtree: true, childList: true, characterData: true});
});`

// changeToCanvas (in the page) changes a heading's text n times through the
// editor's store and times each until the canvas shows it; it returns the
// sorted timings in ms.
const changeToCanvas = `(async (n) => {` + untilMutation + `
	const pw = window.__pagewright, store = pw.store;
	const doc = document.querySelector('[data-testid="canvas"]').contentDocument;
	const heads = [...store.state.nodes.values()].filter(x => x.type === 'Heading').map(x => x.id);
	const out = [];
	for (let i = 0; i < n; i++) {
		const id = heads[i % heads.length], text = 'Changed ' + i;
		const t0 = performance.now();
		store.apply([{op: 'set', node: id, path: 'props/text', value: text}], {label: 'bench'});
		await until(doc, () => doc.querySelector('[data-pw-node="' + id + '"]')?.textContent === text);
		// Shown means painted: the frame after the change.
		await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
		out.push(performance.now() - t0);
		// About the pace of typing, so each change starts on a quiet page.
		await new Promise((r) => setTimeout(r, 40));
	}
	return out.sort((a, b) => a - b);
})`

// dropTime (in the page) inserts a new component the way a drop does and
// times it until the canvas shows it; parent "" means the page itself.
const dropTime = `(async (parent) => {` + untilMutation + `
	const pw = window.__pagewright, store = pw.store;
	const doc = document.querySelector('[data-testid="canvas"]').contentDocument;
	const p = parent || store.root;
	const before = new Set(store.state.nodes.keys());
	const t0 = performance.now();
	const kids = store.children(p);
	const pos = kids.length ? store.node(kids[kids.length - 1]).pos + 'a0' : 'a0';
	const id = 'drop' + Math.random().toString(36).slice(2, 8);
	store.apply([{op: 'insert', node: {id, type: 'Heading', parent: p, pos, props: {text: 'Dropped', level: 2}}}], {label: 'Add Heading'});
	await until(doc, () => !!doc.querySelector('[data-pw-node="' + id + '"]'));
	await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
	void before;
	return performance.now() - t0;
})`

func pct(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p * float64(len(sorted)-1))
	return sorted[i]
}

// BenchmarkEditor measures the editor in real Chromium (issue figures):
// cold load to interactive, JavaScript transferred (gzip), change-to-canvas
// p50/p95 on 1,000- and 5,000-node pages, time to drop a component, and
// JS heap growth over 500 edits.
func BenchmarkEditor(b *testing.B) {
	env := startServer(b)
	admin := env.Setup(b)
	var site siteJSON
	admin.Do(b, "POST", "/api/v1/sites", map[string]string{"name": "Bench"}).Want(b, 201).JSON(b, &site)
	pages := map[int]string{}
	for _, n := range []int{1000, 5000} {
		var pg pageJSON
		admin.Do(b, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": fmt.Sprintf("Page %d", n)}).Want(b, 201).JSON(b, &pg)
		etag := admin.Do(b, "GET", "/api/v1/pages/"+pg.ID+"/document", nil).Want(b, 200).Header.Get("ETag")
		admin.Do(b, "PUT", "/api/v1/pages/"+pg.ID+"/document", json.RawMessage(benchDoc(n)), "If-Match", etag).Want(b, 200)
		pages[n] = pg.ID
	}
	ctx := newBrowser(b)
	visit(ctx, env.URL+"/login")
	signIn(b, ctx, "maya@riverside.example", apptest.Password)

	for b.Loop() {
	}
	for _, n := range []int{1000, 5000} {
		// Cold load: navigation start to the canvas showing the page with
		// the palette ready (the browser cache is cleared first).
		if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
			b.Fatal(err)
		}
		if _, err := chromedp.Call(ctx, network.ClearBrowserCache, cdp.Empty{}); err != nil {
			b.Fatal(err)
		}
		visit(ctx, env.URL+"/pages/"+pages[n]+"/edit")
		ready, err := evalAsync[float64](ctx, `new Promise((resolve) => {
			const check = () => {
				const f = document.querySelector('[data-testid="canvas"]');
				const d = f && f.contentDocument;
				if (d && d.querySelectorAll('[data-pw-node]').length > 100 && document.querySelector('[data-testid="palette-Heading"]')) resolve(performance.now());
				else setTimeout(check, 5);
			};
			check();
		})`)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(ready, fmt.Sprintf("ms-interactive-%d", n))

		if n == 1000 {
			// JavaScript transferred, gzip-compressed as a server would send it.
			urls := eval[[]string](ctx, `performance.getEntriesByType('resource').map(e => e.name).filter(u => u.endsWith('.js'))`)
			urls = append(urls, eval[[]string](ctx, `[...document.scripts].map(s => s.src).filter(Boolean)`)...)
			seen := map[string]bool{}
			total := 0
			for _, u := range urls {
				if seen[u] {
					continue
				}
				seen[u] = true
				res, err := http.Get(u)
				if err != nil {
					b.Fatal(err)
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				var gz bytes.Buffer
				w, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
				w.Write(body)
				w.Close()
				total += gz.Len()
			}
			b.ReportMetric(float64(total)/1024, "KB-js-gz")
		}

		times, err := evalAsync[[]float64](ctx, changeToCanvas+`(60)`)
		if err != nil {
			b.Fatal(err)
		}
		times = times[5:] // warm-up
		b.ReportMetric(pct(times, 0.5), fmt.Sprintf("ms-change-p50-%d", n))
		b.ReportMetric(pct(times, 0.95), fmt.Sprintf("ms-change-p95-%d", n))

		inSection, err := evalAsync[float64](ctx, dropTime+`('s1')`)
		if err != nil {
			b.Fatal(err)
		}
		onPage, err := evalAsync[float64](ctx, dropTime+`('')`)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(inSection, fmt.Sprintf("ms-drop-in-section-%d", n))
		b.ReportMetric(onPage, fmt.Sprintf("ms-drop-on-page-%d", n))

		if n == 1000 {
			before, err := heapMB(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := evalAsync[[]float64](ctx, changeToCanvas+`(500)`); err != nil {
				b.Fatal(err)
			}
			after, err := heapMB(ctx)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(before, "MB-heap-before-edits")
			b.ReportMetric(after, "MB-heap-after-500-edits")
		}
	}
}
