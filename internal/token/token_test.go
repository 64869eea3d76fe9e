package token

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/token -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update if the change is intended)\n%s", name, firstDiff(string(want), string(got)))
	}
}

func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\nwant %q\n got %q", i+1, w, g)
		}
	}
	return ""
}

func mustParse(t *testing.T, src string) *File {
	t.Helper()
	f, err := Parse([]byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return f
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"not an object", `[]`, "(root): expected a JSON object of groups and tokens"},
		{"invalid JSON", `{"a": }`, "(root): invalid JSON at byte 6: invalid character '}' looking for beginning of value"},
		{"truncated", `{"a": {"$value": 1}`, "(root): invalid JSON: unexpected end of input"},
		{"trailing data", `{} {}`, "(root): invalid JSON: unexpected data after the top-level value"},
		{"missing value", `{"color": {"brand": {"primary": {"$type": "color", "$description": "Brand"}}}}`,
			"color.brand.primary: $value is missing"},
		{"misspelt value", `{"color": {"brand": {"primary": {"$vaule": "#fff"}}}}`,
			"color.brand.primary: $value is missing"},
		{"duplicate key", `{"color": {"red": {"$value": "#f00"}, "red": {"$value": "#e00"}}}`,
			`color: duplicate key "red"`},
		{"unknown type", `{"a": {"$type": "colour", "$value": "#fff"}}`,
			`a: $type "colour" is not a known type (color, dimension, fontFamily, fontWeight, duration, cubicBezier, number, strokeStyle, border, transition, shadow, gradient, typography)`},
		{"unknown group type", `{"g": {"$type": 7, "a": {"$value": 1}}}`,
			`g: $type the number 7 is not a known type (color, dimension, fontFamily, fontWeight, duration, cubicBezier, number, strokeStyle, border, transition, shadow, gradient, typography)`},
		{"unknown token property", `{"a": {"$value": 1, "$unit": "px"}}`,
			"a: unknown property $unit (tokens allow $value, $type, $description, $deprecated and $extensions)"},
		{"unknown group property", `{"g": {"$themes": [], "a": {"$value": 1}}}`,
			"g: unknown property $themes (groups allow $type, $description, $deprecated and $extensions)"},
		{"token with children", `{"a": {"$value": 1, "b": {"$value": 2}}}`,
			`a: a token cannot contain tokens or groups (found "b")`},
		{"leaf not an object", `{"color": {"red": "#f00"}}`,
			`color.red: expected a token (an object with $value) or a group, got "#f00"`},
		{"bad name", `{"color": {"a.b": {"$value": 1}}}`, `color: name "a.b" must not contain '.', '{' or '}'`},
		{"dollar name", `{"color": {"$value2": {"$value": 1}}}`, "color: $value is missing"},
		{"bad colour", `{"c": {"$type": "color", "$value": "#ggg"}}`,
			`c: $value: "#ggg" is not a hex colour (#rgb, #rgba, #rrggbb or #rrggbbaa)`},
		{"named colour", `{"c": {"$type": "color", "$value": "rebeccapurple"}}`,
			`c: $value: "rebeccapurple" is not a supported colour: use #hex, rgb() or hsl()`},
		{"bad dimension", `{"s": {"$type": "dimension", "$value": "16"}}`,
			`s: $value: "16" is not a dimension (a number with a unit, like 16px or 1.5rem)`},
		{"bad duration", `{"d": {"$type": "duration", "$value": "-1s"}}`,
			`d: $value: "-1s" is not a duration (like 200ms or 0.3s)`},
		{"bad weight", `{"w": {"$type": "fontWeight", "$value": 1200}}`,
			`w: $value: the number 1200 is not a font weight (1–1000 or a name like bold)`},
		{"bad bezier", `{"e": {"$type": "cubicBezier", "$value": [0, 0, 2, 1]}}`,
			`e: $value: an array is not a cubic Bézier (four numbers [x1, y1, x2, y2], x between 0 and 1)`},
		{"border missing style", `{"b": {"$type": "border", "$value": {"width": "1px", "color": "#000"}}}`,
			"b: $value: style is missing"},
		{"border unknown prop", `{"b": {"$type": "border", "$value": {"width": "1px", "style": "solid", "color": "#000", "radius": "2px"}}}`,
			`b: $value: unknown property "radius" (a border has width, style, color)`},
		{"shadow bad colour", `{"s": {"$type": "shadow", "$value": [{"offsetX": "0", "offsetY": "1px", "color": "nope"}]}}`,
			`s: $value[0].color: "nope" is not a supported colour: use #hex, rgb() or hsl()`},
		{"font name injection", `{"f": {"$type": "fontFamily", "$value": ["Inter\"; } body { x: y"]}}`,
			`f: $value: "Inter\"; } body { x: y" is not a valid font family name`},
		{"untyped injection", `{"x": {"$value": "red;}</style><script>"}}`,
			`x: $value: "red;}</style><script>" is not a valid alias; an alias is a whole value like {color.blue.500}`},
		{"untyped url", `{"x": {"$value": "url(https://evil.example/x)"}}`,
			`x: $value: "url(https://evil.example/x)" contains characters not allowed in a token value (letters, digits, spaces and # % . , + - * / ( ) _ only); set $type for colours, fonts and other typed values`},
		{"partial alias", `{"x": {"$value": "{a} {b}"}}`,
			`x: $value: "{a} {b}" is not a valid alias; an alias is a whole value like {color.blue.500}`},
		{"null value", `{"x": {"$value": null}}`, "x: $value: must not be null"},
		{"bad description", `{"x": {"$value": 1, "$description": 2}}`, "x: $description must be a string"},
		{"css name clash", `{"color": {"blue-500": {"$value": 1}, "blue": {"500": {"$value": 2}}}}`,
			"color.blue.500: CSS name --pw-color-blue-500 is already used by color.blue-500; rename one of them"},
		{"several errors", `{"a": {"$type": "color", "$value": "x"}, "b": {"$value": null}}`,
			`a: $value: "x" is not a supported colour: use #hex, rgb() or hsl(); b: $value: must not be null`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.src))
			if err == nil {
				t.Fatal("Parse succeeded")
			}
			if err.Error() != tc.want {
				t.Errorf("error\n got %s\nwant %s", err, tc.want)
			}
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Errorf("error is %T, want Errors", err)
			}
		})
	}
}

func TestParseLimits(t *testing.T) {
	t.Run("size", func(t *testing.T) {
		big := `{"a": {"$value": "` + strings.Repeat("x", MaxBytes) + `"}}`
		_, err := Parse([]byte(big))
		if err == nil || err.Error() != "(root): token file is larger than 1 MiB" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("depth", func(t *testing.T) {
		src := strings.Repeat(`{"g":`, MaxDepth) + `{"a": {"$value": 1}}` + strings.Repeat("}", MaxDepth)
		_, err := Parse([]byte(src))
		want := strings.Repeat("g.", MaxDepth) + "a: nested deeper than 16 levels"
		if err == nil || err.Error() != want {
			t.Fatalf("err = %v, want %s", err, want)
		}
		ok := strings.Repeat(`{"g":`, MaxDepth-1) + `{"a": {"$value": 1}}` + strings.Repeat("}", MaxDepth-1)
		if _, err := Parse([]byte(ok)); err != nil {
			t.Fatalf("depth %d: %v", MaxDepth, err)
		}
	})
	t.Run("deep JSON", func(t *testing.T) {
		src := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
		src = `{"a": {"$value": ` + src + `}}`
		_, err := Parse([]byte(src))
		if err == nil || !strings.Contains(err.Error(), "nested deeper than 16 levels") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("tokens", func(t *testing.T) {
		var b strings.Builder
		b.WriteString(`{"n": {"$type": "number"`)
		for i := range MaxTokens + 1 {
			fmt.Fprintf(&b, `, "t%d": {"$value": %d}`, i, i)
		}
		b.WriteString("}}")
		_, err := Parse([]byte(b.String()))
		if err == nil || err.Error() != "(root): more than 5000 tokens" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("error count", func(t *testing.T) {
		var b strings.Builder
		b.WriteString(`{`)
		for i := range 60 {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `"t%d": {"$value": null}`, i)
		}
		b.WriteString("}")
		_, err := Parse([]byte(b.String()))
		var es Errors
		if !errors.As(err, &es) || len(es) != maxErrors+1 || es[maxErrors].Error() != "(root): 10 more errors not shown" {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestTypeInheritance(t *testing.T) {
	f := mustParse(t, `{
		"color": {
			"$type": "color",
			"blue": {"500": {"$value": "#3b82f6"}},
			"alpha": {"$type": "number", "half": {"$value": 0.5}},
			"own": {"$type": "dimension", "$value": "2px"}
		},
		"loose": {"$value": "auto"},
		"ref": {"$value": "{color.blue.500}"}
	}`)
	for path, want := range map[string]Type{
		"color.blue.500":   TypeColor,
		"color.alpha.half": TypeNumber,
		"color.own":        TypeDimension,
		"loose":            "",
		"ref":              "", // untyped until resolved
	} {
		tok, ok := f.Get(path)
		if !ok {
			t.Fatalf("%s missing", path)
		}
		if tok.Type != want {
			t.Errorf("%s: type %q, want %q", path, tok.Type, want)
		}
	}
	r, err := Resolve(f)
	if err != nil {
		t.Fatal(err)
	}
	if rt, _ := r.Get("ref"); rt.Type != TypeColor {
		t.Errorf("ref resolved type %q, want color (from its target)", rt.Type)
	}
	var paths []string
	for _, tok := range f.Tokens() {
		paths = append(paths, tok.Path)
	}
	if got := strings.Join(paths, " "); got != "color.blue.500 color.alpha.half color.own loose ref" {
		t.Errorf("order %s", got)
	}
}

func TestParseValueForms(t *testing.T) {
	f := mustParse(t, `{
		"d": {"$type": "dimension", "$value": {"value": 16, "unit": "px"}},
		"t": {"$type": "duration", "$value": {"value": 0.2, "unit": "s"}},
		"c": {"$type": "color", "$value": {"colorSpace": "srgb", "components": [1, 0, 0], "alpha": 0.5}},
		"h": {"$type": "color", "$value": {"colorSpace": "srgb", "components": [0, 0, 0], "hex": "#336699"}},
		"w": {"$type": "fontWeight", "$value": "semi-bold"},
		"f": {"$type": "fontFamily", "$value": "Inter, 'Noto Sans', sans-serif"},
		"s": {"$type": "strokeStyle", "$value": {"dashArray": ["2px", "4px"], "lineCap": "round"}},
		"g": {"$type": "gradient", "$value": [{"color": "#fff", "position": 0}, {"color": "#000", "position": 1}]},
		"x": {"$value": "calc(100% - 2rem)", "$deprecated": "use y", "$extensions": {"com.example": {"a": 1}}}
	}`)
	r, err := Resolve(f)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"d": "16px", "t": "0.2s", "c": "#ff000080", "h": "#336699", "w": "600",
		"f": `Inter, "Noto Sans", sans-serif`, "s": "dashed", "g": "#fff 0%, #000 100%", "x": "calc(100% - 2rem)",
	}
	for _, rt := range r.Tokens() {
		got, ok := cssLiteral(rt.Type, rt.Value)
		if !ok || got != want[rt.Path] {
			t.Errorf("%s: CSS %q (%v), want %q", rt.Path, got, ok, want[rt.Path])
		}
	}
	x, _ := f.Get("x")
	if !x.Deprecated || x.DeprecatedNote != "use y" || x.Extensions["com.example"] == nil {
		t.Errorf("x = %+v", x)
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	for _, src := range [][]byte{DefaultJSON(""), DefaultJSON(ThemeDark), []byte(`{"$type": "number", "$deprecated": true, "a": {"$value": 1, "$description": "d", "$extensions": {"x": {"y": [1, 2]}}}, "g": {"$description": "G", "b": {"$type": "color", "$value": "#fff"}}}`)} {
		f := mustParse(t, string(src))
		b, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		g := mustParse(t, string(b))
		if c := Changes(f, g); len(c) != 0 {
			t.Errorf("round trip changed %v", c)
		}
		b2, _ := json.Marshal(g)
		if !bytes.Equal(b, b2) {
			t.Errorf("marshal not stable:\n%s\n%s", b, b2)
		}
		if g.Len() != f.Len() {
			t.Errorf("len %d, want %d", g.Len(), f.Len())
		}
	}
}

func TestSystemJSON(t *testing.T) {
	s := Default()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var back System
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if c := SystemChanges(s, &back); len(c) != 0 {
		t.Errorf("changes after JSON round trip: %v", c)
	}
	if len(back.Breakpoints) != 4 || back.Breakpoints[1] != (Breakpoint{"md", 768}) {
		t.Errorf("breakpoints %v", back.Breakpoints)
	}
	err = json.Unmarshal([]byte(`{"tokens": {"a": {"$value": null}}}`), &back)
	if err == nil || !strings.Contains(err.Error(), "a: $value: must not be null") {
		t.Errorf("err = %v", err)
	}
}

func TestParseAlias(t *testing.T) {
	for s, want := range map[string]string{
		"{color.blue.500}": "color.blue.500", "{a}": "a", "{}": "", "{a..b}": "", "{a.$b}": "", "a": "", "{a": "", "{a.b}x": "",
	} {
		got, ok := ParseAlias(s)
		if got != want || ok != (want != "") {
			t.Errorf("ParseAlias(%q) = %q, %v", s, got, ok)
		}
	}
}
