package component

import (
	"encoding/json"
	"html/template"
	"strings"
	"sync"
	"testing"
)

var parsed sync.Map // template source → *template.Template

// viaTemplate executes src with data and returns the output.
func viaTemplate(t testing.TB, src string, data any) string {
	t.Helper()
	tpl, ok := parsed.Load(src)
	if !ok {
		tpl, _ = parsed.LoadOrStore(src, template.Must(template.New("").Parse(src)))
	}
	var b strings.Builder
	if err := tpl.(*template.Template).Execute(&b, data); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// viaWriter runs f on a fresh Writer and returns its output.
func viaWriter(f func(w *Writer)) string {
	var w Writer
	f(&w)
	return w.String()
}

// checkLikeTemplate holds each Writer method to what html/template writes
// for the same value in the same place.
func checkLikeTemplate(t *testing.T, s string) {
	t.Helper()
	cases := []struct {
		name, tpl string
		data      any
		write     func(w *Writer)
	}{
		{"text", `{{.}}`, s, func(w *Writer) { w.Escape(s) }},
		{"attribute", `<p title="{{.}}">`, s, func(w *Writer) { w.Raw(`<p`); w.Attr("title", s); w.Raw(`>`) }},
		{"url", `<a href="{{.}}">`, template.URL(s), func(w *Writer) { w.Raw(`<a`); w.URLAttr("href", s); w.Raw(`>`) }},
		{"url path", `<a href="/f/{{.}}">`, s, func(w *Writer) { w.Raw(`<a href="/f/`); w.URLPath(s); w.Raw(`">`) }},
		{"url query", `<a href="/w?v={{.}}">`, s, func(w *Writer) { w.Raw(`<a href="/w?v=`); w.URLQuery(s); w.Raw(`">`) }},
		{"url fragment", `<a href="#{{.}}">`, s, func(w *Writer) { w.Raw(`<a href="#`); w.URLQuery(s); w.Raw(`">`) }},
		{"plain", `{{.}}`, template.HTMLEscapeString(s), func(w *Writer) { w.EscapePlain(s) }},
	}
	for _, c := range cases {
		want := viaTemplate(t, c.tpl, c.data)
		if c.name == "plain" {
			want = c.data.(string)
		}
		if c.name == "url" && !filterURL(s) {
			want = `<a href="#ZgotmplZ">`
		}
		if got := viaWriter(c.write); got != want {
			t.Errorf("%s of %q:\n got %q\nwant %q", c.name, s, got, want)
		}
	}
}

func TestWriterEscapesLikeTemplate(t *testing.T) {
	for _, s := range []string{"", "plain", `<b>&amp;'"+x</b>`, "a\x00b", "ünï\u2028\xff\xfe", "a+b c%41%zz%4%", "/p?a=1&b=2+3#f:g",
		"https://ex.org/a b?c=<d>&e='f'", "mailto:a+b@c.org", "tel:+44 (0)1", "javascript:alert(1)", "JAVASCRIPT:x", "data:x", "x/y:z", "#a:b", "%", "%4"} {
		checkLikeTemplate(t, s)
	}
}

func FuzzWriterEscapesLikeTemplate(f *testing.F) {
	for _, s := range []string{"", `<b>&'"+</b>`, "a%41%zz", "javascript:x", "\xff\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkLikeTemplate(t, s) })
}

func TestWriterNumber(t *testing.T) {
	for _, v := range []any{0.0, 24.0, 1.5, -3.0, 1e15, 1e20, 1e21, 123456789.125, 24, int64(7), json.Number("24.0"), "x+y", true} {
		want := viaTemplate(t, `{{.}}`, v)
		if got := viaWriter(func(w *Writer) { w.Number(v) }); got != want {
			t.Errorf("Number(%#v) = %q, want %q", v, got, want)
		}
	}
}

func TestWriterClassAndAttrs(t *testing.T) {
	v := &View{NodeID: `a"b`, ClassList: [3]string{"pw-x", "", "pw-n-<y>"}, Editor: true}
	got := viaWriter(func(w *Writer) { w.ClassAndAttrs(v) })
	if want := ` class="pw-x pw-n-&lt;y&gt;" data-pw-node="a&#34;b"`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	v.Editor = false
	if got := viaWriter(func(w *Writer) { w.ClassAndAttrs(v) }); got != ` class="pw-x pw-n-&lt;y&gt;"` {
		t.Errorf("published: %s", got)
	}
}
