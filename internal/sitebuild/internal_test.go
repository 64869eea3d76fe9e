package sitebuild

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/pagewright/pagewright/internal/render/component"
)

func TestTargetURL(t *testing.T) {
	cases := []struct {
		name string
		t    target
		path string
		want string
	}{
		{"home to home", target{depth: 0}, "/", "./"},
		{"home to a page", target{depth: 0}, "/contact/", "contact/"},
		{"home to a file", target{depth: 0}, "/_pw/site.abc.css", "_pw/site.abc.css"},
		{"nested to home", target{depth: 2}, "/", "../../"},
		{"nested to a sibling", target{depth: 2}, "/services/other/", "../../services/other/"},
		{"nested to a file", target{depth: 1}, "/_pw/a/x.jpg", "../_pw/a/x.jpg"},
		{"anywhere, no prefix", target{anywhere: true}, "/_pw/a/x.jpg", "/_pw/a/x.jpg"},
		{"anywhere under a prefix", target{anywhere: true, root: "/s/riverside/production"}, "/", "/s/riverside/production/"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.t.url(c.path); got != c.want {
				t.Errorf("url(%q) = %q, want %q", c.path, got, c.want)
			}
		})
	}
}

func TestSiteURL(t *testing.T) {
	b := &builder{pagePaths: map[string]bool{"/": true, "/contact/": true, "/a/b/": true}}
	nested := target{depth: 2}
	cases := []struct {
		name, in, want string
	}{
		{"page without slash", "/contact", "../../contact/"},
		{"page with slash", "/contact/", "../../contact/"},
		{"fragment", "/contact#form", "../../contact/#form"},
		{"query", "/contact?x=1&amp;y=2", "../../contact/?x=1&amp;y=2"},
		{"home", "/", "../../"},
		{"home fragment", "/#top", "../../#top"},
		{"form endpoint", "/_forms/booking", "../../_forms/booking"},
		{"not a page of the site", "/files/a.pdf", "/files/a.pdf"},
		{"another host", "//cdn.example.org/x", "//cdn.example.org/x"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := b.siteURL(c.in, nested); got != c.want {
				t.Errorf("siteURL(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestRewriteLinks(t *testing.T) {
	w := &pageWorker{b: &builder{pagePaths: map[string]bool{"/": true, "/contact/": true}}}
	cases := []struct{ name, in, want string }{
		{"href", `<a href="/contact">x</a>`, `<a href="../contact/">x</a>`},
		{"action", `<form action="/_forms/f">`, `<form action="../_forms/f">`},
		{"src left alone", `<img src="/contact/x.jpg">`, `<img src="/contact/x.jpg">`},
		{"other attribute", `<a data-href="/contact">`, `<a data-href="/contact">`},
		{"several", `<a href="/">a</a><a href="https://x.org/">b</a><a href="/contact#f">c</a>`, `<a href="../">a</a><a href="https://x.org/">b</a><a href="../contact/#f">c</a>`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := string(w.rewriteLinks(nil, c.in, target{depth: 1})); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}

func TestCheckPagePath(t *testing.T) {
	cases := []struct {
		path string
		ok   bool
	}{
		{"/", true}, {"/a/", true}, {"/services/flu-clinic/", true}, {"/a.b_c~d/", true},
		{"", false}, {"a/", false}, {"/a", false}, {"//", false}, {"/a//b/", false}, {"/../", false}, {"/./", false},
		{"/_pw/", false}, {"/_forms/", false}, {"/a b/", false}, {"/a%20b/", false}, {"/a\"b/", false}, {"/é/", false},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			if err := checkPagePath(c.path); (err == nil) != c.ok {
				t.Errorf("checkPagePath(%q) = %v", c.path, err)
			}
		})
	}
}

func TestAssetRefs(t *testing.T) {
	cases := []struct {
		name, json string
		want       []string
	}{
		{"none", `{"a":"b","c":["asset"]}`, nil},
		{"plain", `{"src":"asset:hero-1","og":"asset:logo"}`, []string{"hero-1", "logo"}},
		{"repeated", `["asset:x","asset:x"]`, []string{"x"}},
		{"escaped prefix", `{"src":"\u0061sset:y"}`, []string{"y"}},
		{"escaped id", `{"src":"asset:\u0079z"}`, []string{"yz"}},
		{"rich text escapes", `{"html":"\u003cp\u003easset:no\u003c/p\u003e"}`, nil},
		{"escaped quote inside", `{"t":"say \"asset:no\"","src":"asset:yes"}`, []string{"yes"}},
		{"invalid id", `{"src":"asset:bad id"}`, nil},
		{"empty id", `{"src":"asset:"}`, nil},
		{"truncated", `{"src":"asset:x`, nil},
		{"escaped colon", `{"src":"asset\u003ax","t":"\u003cp\u003e"}`, []string{"x"}},
		{"escaped backslash before u0061", `{"t":"\\u0061sset:x","src":"asset:y"}`, []string{"y"}},
		{"escaped quote before asset:", `{"t":"\"asset:no","src":"asset:yes"}`, []string{"yes"}},
		{"many", `{"a":"asset:c","b":"asset:a","c":["asset:b","x"]}`, []string{"a", "b", "c"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := assetRefs([]byte(c.json)); !slices.Equal(got, c.want) {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// refsByDecoding is what assetRefs must find: every string of the JSON
// document, keys included, that is a valid asset reference.
func refsByDecoding(b []byte) ([]string, bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	var ids []string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, false
		}
		if s, ok := tok.(string); ok {
			if id, ok := component.AssetRef(s); ok && component.ValidAssetID(id) && !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	slices.Sort(ids)
	return ids, true
}

func FuzzAssetRefs(f *testing.F) {
	for _, s := range []string{`{"src":"asset:a"}`, `{"t":"\\u0061sset:x","src":"\u0061sset:y"}`, `["\"asset:no","asset:yes"]`, `{"asset:k":"asset\u003av"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		want, ok := refsByDecoding(b)
		if !ok || !json.Valid(b) {
			return
		}
		if got := assetRefs(b); !slices.Equal(got, want) {
			t.Fatalf("assetRefs(%s) = %q, want %q", b, got, want)
		}
	})
}

func TestCompactCSS(t *testing.T) {
	in := ".pw-n-a{color:red}\n@media (min-width:768px){\n.pw-n-a{padding:1rem 2rem}\n}\n.pw-n-b:hover{content:\"@media (x)\"}\n"
	want := `.pw-n-a{color:red}@media(min-width:768px){.pw-n-a{padding:1rem 2rem}}.pw-n-b:hover{content:"@media(x)"}`
	if got := string(compactCSS(nil, in)); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestInlineHashes(t *testing.T) {
	html := []byte(`<style>a{}</style><styles>x</styles><script>1</script><script type=module>2</script><script>1</script>`)
	if got := inlineHashes(html, "style"); len(got) != 1 || !strings.HasPrefix(got[0], "'sha256-") {
		t.Errorf("styles %v", got)
	}
	if got := inlineHashes(html, "script"); len(got) != 2 {
		t.Errorf("scripts %v (want two, repeats once)", got)
	}
}

func TestImageOrigins(t *testing.T) {
	html := []byte(`<img src="https://CDN.example.org/a.jpg" srcset="https://img.example.net/a-320.jpg 320w, ../_pw/a/x.jpg 640w">` +
		`<img src="../_pw/a/y.jpg"><img src="http://old.example.com:8080/p.png">` +
		`<style>.pw-n-a{background:url("https://bg.example.org/x.png")}</style><p>url(https://not-css.example.org/)</p>`)
	want := []string{"http://old.example.com:8080", "https://bg.example.org", "https://cdn.example.org", "https://img.example.net"}
	if got := imageOrigins(html); !slices.Equal(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}

func TestExportName(t *testing.T) {
	cases := []struct{ path, want string }{
		{"/", "index.html"}, {"/a/b/", "a/b/index.html"}, {"/404.html", "404.html"}, {"/_pw/a/x.jpg", "_pw/a/x.jpg"},
		{"/../x", ""}, {"x", ""}, {"/a//b", ""}, {"/a/./b", ""}, {`/a\b`, ""},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			got, err := exportName(c.path)
			if c.want == "" && err == nil || c.want != "" && got != c.want {
				t.Errorf("exportName(%q) = %q, %v", c.path, got, err)
			}
		})
	}
}

func TestEffortLevels(t *testing.T) {
	cases := []struct {
		name   string
		e      effort
		size   int
		br, gz int
	}{
		{"small page", effortFast, 8 << 10, brotliFast, gzipFast},
		{"big page", effortFast, 100 << 10, brotliStrong, gzipStrong},
		{"site CSS", effortBest, 30 << 10, brotliBest, gzipBest},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if br, gz := c.e.levels(c.size); br != c.br || gz != c.gz {
				t.Errorf("levels %d, %d", br, gz)
			}
		})
	}
}
