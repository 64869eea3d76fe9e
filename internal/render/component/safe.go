package component

import (
	"html/template"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
)

// SafeURL checks a link target and returns it typed for html/template. It
// accepts http(s), mailto and tel URLs, relative references and "#fragment";
// it refuses every other scheme (javascript:, data:, vbscript:, …), control
// characters, and scheme tricks hidden by white space or case.
func SafeURL(s string) (template.URL, bool) {
	return checkURL(s, true)
}

// SafeImageURL checks an image source: http(s) or relative only.
func SafeImageURL(s string) (template.URL, bool) {
	return checkURL(s, false)
}

func checkURL(s string, links bool) (template.URL, bool) {
	if s == "" || len(s) > 2048 {
		return "", false
	}
	if simpleURL(s) {
		return template.URL(s), true
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == ' ' || r == '\\' {
			return "", false
		}
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", false
	}
	switch strings.ToLower(u.Scheme) {
	case "":
		// A relative reference: refuse "//host" scheme-relative URLs only
		// when they have no host (malformed); they are otherwise fine.
		if strings.Contains(strings.SplitN(s, "/", 2)[0], ":") {
			return "", false
		}
	case "http", "https":
		if u.Host == "" {
			return "", false
		}
	case "mailto", "tel":
		if !links {
			return "", false
		}
	default:
		return "", false
	}
	return template.URL(s), true
}

// simpleURL is a fast path for the common URLs that url.Parse and the
// checks of checkURL accept anyway: relative references (not "//host") and
// http(s) URLs with a plain host, made of plain characters: no ':' past the
// scheme, no '%' escapes, no brackets, backslashes, spaces or controls.
func simpleURL(s string) bool {
	var rest string
	switch {
	case strings.HasPrefix(s, "https://"):
		rest = s[len("https://"):]
	case strings.HasPrefix(s, "http://"):
		rest = s[len("http://"):]
	case strings.HasPrefix(s, "//"):
		return false
	default:
		return plainURLChars(s)
	}
	i := 0
	for i < len(rest) {
		c := rest[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-') {
			break
		}
		i++
	}
	if i == 0 || i < len(rest) && rest[i] != '/' && rest[i] != '?' && rest[i] != '#' {
		return false
	}
	return plainURLChars(rest[i:])
}

func plainURLChars(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x80:
		case c <= ' ' || c == 0x7f || c == ':' || c == '%' || c == '\\' || c == '[' || c == ']':
			return false
		}
	}
	return true
}

// richPolicy is bluemonday's UGC policy without images, iframes, ids, image
// maps or h1 (the page owns its one h1): text, links, lists, tables, quotes.
var richPolicy = sync.OnceValue(newRichPolicy)

func newRichPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowAttrs("dir").Matching(bluemonday.Direction).Globally()
	p.AllowAttrs("lang").Matching(regexp.MustCompile(`^[a-zA-Z]{2,8}(-[a-zA-Z0-9]{1,8})*$`)).Globally()
	p.AllowAttrs("title").Matching(bluemonday.Paragraph).Globally()
	p.AllowStandardURLs()
	p.AllowURLSchemes("mailto", "http", "https", "tel")
	p.RequireNoFollowOnLinks(false) // the site's own content, not third-party comments
	p.AllowAttrs("href").OnElements("a")
	p.AllowElements("h2", "h3", "h4", "h5", "h6", "br", "hr", "p", "span", "wbr",
		"abbr", "cite", "code", "dfn", "em", "mark", "s", "samp", "strong", "sub", "sup", "var",
		"b", "i", "pre", "small", "u", "blockquote", "q", "del", "ins")
	p.AllowAttrs("cite").OnElements("blockquote", "q")
	p.AllowAttrs("datetime").Matching(bluemonday.ISO8601).OnElements("time", "del", "ins")
	p.AllowLists()
	p.AllowTables()
	return p
}

// embedPolicy is bluemonday's UGC policy with ids removed (they could clash
// with the page's own) and images required to be http(s) or relative.
var embedPolicy = sync.OnceValue(func() *bluemonday.Policy {
	p := newRichPolicy()
	p.AllowElements("h1", "article", "aside", "figure", "figcaption", "section", "summary")
	p.AllowAttrs("open").Matching(regexp.MustCompile(`(?i)^(|open)$`)).OnElements("details")
	p.AllowImages()
	return p
})

// SanitizeRichText cleans user rich text for the Text component: tags
// outside the policy are dropped with their attributes (so <script> and
// on* handlers never survive), URLs are restricted to safe schemes.
// Results are cached: pages repeat the same text across renders.
func SanitizeRichText(s string) template.HTML {
	if s == "" {
		return ""
	}
	if h, ok := richCache.get(s); ok {
		return h
	}
	h := template.HTML(richPolicy().Sanitize(s)) //nolint:gosec // sanitised above
	richCache.put(s, h)
	return h
}

// SanitizeEmbed cleans the HTML of an Embed component. Images keep their
// alt text; an image without one gets alt="" (treated as decorative) so the
// page stays valid. Results are cached like SanitizeRichText's.
func SanitizeEmbed(s string) template.HTML {
	if s == "" {
		return ""
	}
	if h, ok := embedCache.get(s); ok {
		return h
	}
	h := sanitizeEmbed(s)
	embedCache.put(s, h)
	return h
}

func sanitizeEmbed(s string) template.HTML {
	clean := embedPolicy().Sanitize(s)
	if !strings.Contains(clean, "<img") {
		return template.HTML(clean) //nolint:gosec // sanitised above
	}
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(clean))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		tok := z.Token()
		if (tt == html.StartTagToken || tt == html.SelfClosingTagToken) && tok.Data == "img" && !slices.ContainsFunc(tok.Attr, func(a html.Attribute) bool { return a.Key == "alt" }) {
			tok.Attr = append(tok.Attr, html.Attribute{Key: "alt"})
		}
		b.WriteString(tok.String())
	}
	return template.HTML(b.String()) //nolint:gosec // re-serialised sanitised tokens
}

// str returns a string prop or "".
func str(p map[string]any, k string) string {
	s, _ := p[k].(string)
	return s
}

// num returns a numeric prop or def.
func num(p map[string]any, k string, def float64) float64 {
	if f, ok := Number(p[k]); ok {
		return f
	}
	return def
}

// flag returns a boolean prop.
func flag(p map[string]any, k string) bool {
	b, _ := p[k].(bool)
	return b
}

// objectsOf returns a list value's objects (skipping anything else).
func objectsOf(v any) []map[string]any {
	if l, ok := v.([]map[string]any); ok {
		return l
	}
	l, _ := asList(v)
	out := make([]map[string]any, 0, len(l))
	for _, it := range l {
		if m, ok := it.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// stringsOf returns a list value's strings (skipping anything else).
func stringsOf(v any) []string {
	if l, ok := v.([]string); ok {
		return l
	}
	l, _ := asList(v)
	out := make([]string, 0, len(l))
	for _, it := range l {
		if s, ok := it.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// badProp returns a FieldError (as an error) naming the prop path.
func badProp(path, msg string) error {
	return FieldError{Path: "props." + path, Message: msg}
}
