package sitebuild_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/pagewright/pagewright/internal/sitebuild"
	"github.com/pagewright/pagewright/internal/token"
)

// benchPath is the path of page i of a generated site: the home page, then
// pages two folders deep.
func benchPath(i int) string {
	if i == 0 {
		return "/"
	}
	return fmt.Sprintf("/topic-%d/page-%d/", i/50, i)
}

// benchPage is a realistic generated page of about 60 nodes: a navigation
// bar, a hero with heading, text, button and image, a section of six
// service cards, a section of six news cards, a contact section with two
// buttons, and a footer. Styles use tokens, states and breakpoints, and
// links point at other pages of the site.
func benchPage(i, pages, images int, variant string) []byte {
	l := func(k int) string { return benchPath((i + k) % pages) }
	style := func(base, md map[string]any) map[string]map[string]any {
		s := map[string]map[string]any{"base": base}
		if md != nil {
			s["md"] = md
		}
		return s
	}
	ns := []node{
		{"nav", "Navbar", "", map[string]any{"brand": "Riverside Health", "brandHref": "/", "links": links{
			link("Services", l(1)), link("Clinics", l(2)), link("News", l(3)), link("About", l(4)), link("Contact", l(5)),
		}}, nil},
		{"hero", "Hero", "", map[string]any{"heading": fmt.Sprintf("Page %d: care close to home%s", i, variant), "text": "Our clinics across the valley are open six days a week, with same-day appointments for urgent needs.",
			"ctaText": "Book an appointment", "ctaHref": l(6), "image": fmt.Sprintf("asset:img%d", i%images), "imageAlt": "A nurse talking with a patient"},
			style(map[string]any{"background-color": "{color.background.subtle}"}, map[string]any{"padding": "6rem 2rem"})},
	}
	add := func(n ...node) { ns = append(ns, n...) }
	add(node{"svc", "Section", "", map[string]any{"label": "Our services"}, nil},
		node{"svc-h", "Heading", "svc", map[string]any{"text": "Our services", "level": 2}, style(map[string]any{"color": "{color.text.strong}", "margin-bottom": "{space.4}"}, map[string]any{"font-size": "{font.size.3xl}"})},
		node{"svc-t", "Text", "svc", map[string]any{"html": "<p>From check-ups to vaccinations, we look after the whole family. <a href=\"" + l(7) + "\">See all services</a>.</p>"}, nil},
		node{"svc-c", "Columns", "svc", map[string]any{"count": 1, "countMd": 2, "countLg": 3, "gap": "{space.4}"}, nil})
	for c := range 6 {
		id := fmt.Sprintf("svc-c%d", c)
		add(node{id, "Card", "svc-c", map[string]any{"title": fmt.Sprintf("Service %d", c+1)}, style(map[string]any{"padding": "{space.4}"}, nil)},
			node{id + "t", "Text", id, map[string]any{"html": fmt.Sprintf("<p>Service %d helps patients with <strong>everyday</strong> health needs, close to home.</p>", c+1)}, nil},
			node{id + "b", "Button", id, map[string]any{"text": "Find out more", "href": l(8 + c), "variant": "secondary"}, nil})
	}
	add(node{"news", "Section", "", map[string]any{"label": "News"}, nil},
		node{"news-h", "Heading", "news", map[string]any{"text": "News", "level": 2}, nil},
		node{"news-c", "Columns", "news", map[string]any{"count": 1, "countMd": 3}, nil})
	for c := range 6 {
		id := fmt.Sprintf("news-c%d", c)
		add(node{id, "Card", "news-c", map[string]any{"title": fmt.Sprintf("News story %d", c+1)}, nil},
			node{id + "t", "Text", id, map[string]any{"html": "<p>The flu clinic opens its winter season with extra Saturday sessions for families.</p>"}, nil},
			node{id + "l", "Link", id, map[string]any{"text": "Read the story", "href": l(14 + c)}, nil})
	}
	add(node{"contact", "Section", "", map[string]any{"label": "Contact us"}, nil},
		node{"contact-h", "Heading", "contact", map[string]any{"text": "Contact us", "level": 2}, nil},
		node{"contact-t", "Text", "contact", map[string]any{"html": "<p>Call 01234 567890 or send us a message.</p>"}, nil},
		node{"contact-s", "Stack", "contact", map[string]any{"direction": "horizontal", "gap": "{space.2}"}, nil},
		node{"contact-b1", "Button", "contact-s", map[string]any{"text": "Call us", "href": "tel:+441234567890"}, nil},
		node{"contact-b2", "Button", "contact-s", map[string]any{"text": "Message us", "href": l(20), "variant": "outline"}, nil},
		node{"foot", "Footer", "", map[string]any{"text": "© 2026 Riverside Health NHS Trust", "links": links{link("Privacy", l(21)), link("Accessibility", l(22)), link("Jobs", "https://jobs.example.org/")}}, nil})
	return document(fmt.Sprintf("Page %d", i), "", ns...)
}

func docHash(d []byte) string {
	sum := sha256.Sum256(d)
	return hex.EncodeToString(sum[:])
}

// benchSite is a generated site of n pages using the given number of
// images.
func benchSite(n, images int) []sitebuild.Page {
	pages := make([]sitebuild.Page, n)
	for i := range pages {
		d := benchPage(i, n, images, "")
		// The page store keeps each document's hash, and callers pass it.
		pages[i] = sitebuild.Page{ID: fmt.Sprintf("page-%d", i), Title: fmt.Sprintf("Page %d", i), Path: benchPath(i), Document: d, DocHash: docHash(d)}
	}
	return pages
}

// benchAssets is an asset library of n photos with three variants each.
func benchAssets(n int) *fakeAssets {
	f := &fakeAssets{assets: map[string]sitebuild.Asset{}, bytes: map[string]map[int][]byte{}}
	for i := range n {
		id := fmt.Sprintf("img%d", i)
		a := sitebuild.Asset{ID: id, Alt: "Photo", ContentType: "image/jpeg", Width: 1600, Height: 1000}
		f.bytes[id] = map[int][]byte{0: fmt.Appendf(make([]byte, 0, 200<<10), "%s original %0200000d", id, 0)}
		for _, w := range []int{320, 640, 1280} {
			a.Variants = append(a.Variants, sitebuild.AssetVariant{Width: w, Height: w * 10 / 16, ContentType: "image/jpeg"})
			f.bytes[id][w] = fmt.Appendf(nil, "%s at %d %0*d", id, w, w*20, 0)
		}
		f.assets[id] = a
	}
	return f
}

func benchInput(pages []sitebuild.Page, assets sitebuild.AssetSource) sitebuild.Input {
	return sitebuild.Input{SiteID: "bench", BuildID: "b", BaseURL: "https://www.riverside.example",
		Pages: pages, Tokens: token.Default(), Assets: assets, Now: fixedNow}
}

// BenchmarkBuild1000Pages builds a generated 1,000-page site from scratch
// (goal: ≤ 0.25 ms per page per core).
func BenchmarkBuild1000Pages(b *testing.B) {
	const n = 1000
	pages := benchSite(n, 5)
	assets := benchAssets(5)
	workers := runtime.GOMAXPROCS(0)
	var st sitebuild.Stats
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		in := benchInput(pages, assets)
		var err error
		if _, st, err = sitebuild.Build(context.Background(), in, &sitebuild.MemObjects{}); err != nil {
			b.Fatal(err)
		}
		if st.Rendered != n {
			b.Fatalf("rendered %d", st.Rendered)
		}
	}
	cpu := cpuTime() - cpu0
	ms := float64(b.Elapsed().Microseconds()) / 1000 / float64(b.N)
	b.ReportMetric(ms/n*float64(workers), "ms/page/core")
	// The processor time actually spent per page, which the machine's
	// other load does not inflate.
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N)/n, "cpu-ms/page")
	b.ReportMetric(n/(ms/1000), "pages/s")
	b.ReportMetric(float64(st.Bytes)/n, "B/page-stored")
}

// BenchmarkRebuildOnePage rebuilds the 1,000-page site after one page
// changed, from the previous build (goal: ≤ 50 ms).
func BenchmarkRebuildOnePage(b *testing.B) {
	const n = 1000
	pages := benchSite(n, 5)
	assets := benchAssets(5)
	objs := &sitebuild.MemObjects{}
	prev, _, err := sitebuild.Build(context.Background(), benchInput(pages, assets), objs)
	if err != nil {
		b.Fatal(err)
	}
	// Edits made up front, so that making them is not measured.
	edits := make([]sitebuild.Page, 64)
	for i := range edits {
		edits[i] = pages[500]
		edits[i].Document = benchPage(500, n, 5, fmt.Sprintf(" (edit %d)", i))
		edits[i].DocHash = docHash(edits[i].Document)
	}
	changed := append([]sitebuild.Page(nil), pages...)
	i := 0
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		changed[500] = edits[i%len(edits)]
		i++
		in := benchInput(changed, assets)
		in.Previous = prev
		_, st, err := sitebuild.Build(context.Background(), in, objs)
		if err != nil {
			b.Fatal(err)
		}
		if st.Rendered != 1 || st.Reused != n-1 {
			b.Fatalf("rendered %d, reused %d", st.Rendered, st.Reused)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/rebuild")
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/rebuild")
}

// BenchmarkSamplePage builds a 100-page site and reports the sizes of one
// of its pages: as the renderer writes it (with the build's additions,
// before minifying), minified, and precompressed; and of the site CSS.
func BenchmarkSamplePage(b *testing.B) {
	pages := benchSite(100, 5)
	in := benchInput(pages, benchAssets(5))
	var m *sitebuild.Manifest
	for b.Loop() {
		var err error
		if m, _, err = sitebuild.Build(context.Background(), in, &sitebuild.MemObjects{}); err != nil {
			b.Fatal(err)
		}
	}
	const sample = 42
	pre, err := sitebuild.PageBeforeMinify(in, sample)
	if err != nil {
		b.Fatal(err)
	}
	d, err := sitebuild.DecodeDocument(pages[sample].Document)
	if err != nil {
		b.Fatal(err)
	}
	f := m.Files[pages[sample].Path]
	b.ReportMetric(float64(len(d.Nodes)), "nodes")
	b.ReportMetric(float64(len(pre)), "B-rendered")
	b.ReportMetric(float64(f.Size), "B-minified")
	b.ReportMetric(float64(f.Br.Size), "B-br")
	b.ReportMetric(float64(f.Gzip.Size), "B-gzip")
	for p, f := range m.Files {
		if strings.HasPrefix(p, "/_pw/site.") {
			b.ReportMetric(float64(f.Size), "B-css")
			b.ReportMetric(float64(f.Br.Size), "B-css-br")
			b.ReportMetric(float64(f.Gzip.Size), "B-css-gzip")
		}
	}
}
