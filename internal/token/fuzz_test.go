package token

import (
	"encoding/json"
	"strings"
	"testing"
)

var fuzzSeeds = []string{
	themeBase,
	`{"a": {"$value": "{b}"}, "b": {"$value": "{a}"}}`,
	`{"s": {"$type": "shadow", "$value": [{"offsetX": "0", "offsetY": "{d}", "color": "#000"}]}, "d": {"$value": "1px"}}`,
	`{"t": {"$type": "typography", "$value": {"fontFamily": ["A B", "serif"], "fontSize": "1rem", "lineHeight": "{n}"}}, "n": {"$type": "number", "$value": 1.5}}`,
	`{"g": {"$type": "gradient", "$value": [{"color": "hsl(1 2% 3%)", "position": 0.5}]}}`,
	`{"x": {"$value": {"nested": ["{y}", 1, true]}}, "y": {"$value": "auto"}}`,
	`{"$type": "color", "a": {"$value": {"colorSpace": "hsl", "components": [10, 20, 30]}}}`,
}

// FuzzParse: any input either parses or returns Errors; never panics. A
// parsed file survives a JSON round trip.
func FuzzParse(f *testing.F) {
	f.Add(DefaultJSON(""))
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse(data)
		if err != nil {
			if _, ok := err.(Errors); !ok {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		b, err := json.Marshal(file)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		again, err := Parse(b)
		if err != nil {
			t.Fatalf("re-parse of %s: %v", b, err)
		}
		if c := Changes(file, again); len(c) != 0 {
			t.Fatalf("round trip changed %v", c)
		}
	})
}

// FuzzResolve: resolution and every export of an arbitrary base set and
// dark theme return errors rather than panicking, and the CSS they produce
// cannot break out of its declarations.
func FuzzResolve(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s), []byte(`{"color": {"text": {"$value": "{color.slate.100}"}}}`))
	}
	f.Add(DefaultJSON(""), DefaultJSON(ThemeDark))
	f.Fuzz(func(t *testing.T, base, dark []byte) {
		bf, err := Parse(base)
		if err != nil {
			return
		}
		s := &System{Tokens: bf}
		if df, err := Parse(dark); err == nil {
			s.Themes = map[string]*File{ThemeDark: df}
		}
		_ = s.Validate()
		_ = s.Lint()
		_ = CheckContrast(s)
		for _, tok := range bf.Tokens() {
			s.ValidRef(tok.Path)
		}
		css, err := s.CSS()
		if err != nil {
			return
		}
		out := string(css)
		if strings.Contains(out, "<") || strings.Count(out, "{") != strings.Count(out, "}") {
			t.Fatalf("unsafe CSS:\n%s", out)
		}
		for line := range strings.SplitSeq(out, "\n") {
			if _, v, ok := strings.Cut(line, ": "); ok && !strings.HasPrefix(line, "@media") && strings.ContainsAny(strings.TrimSuffix(v, ";"), ";{}") {
				t.Fatalf("declaration escapes: %q", line)
			}
		}
		for _, format := range []Format{FormatSCSS, FormatJSON, FormatTailwind} {
			if _, err := s.Export(format); err != nil {
				t.Fatalf("%s after CSS succeeded: %v", format, err)
			}
		}
	})
}
