package token

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestExportsGolden(t *testing.T) {
	for _, s := range []struct {
		name string
		sys  *System
	}{
		{"default", Default()},
		{"themed", themeSystem(t, `{"color": {"text": {"$value": "{color.slate.100}"}}}`, "")},
	} {
		for _, f := range []Format{FormatSCSS, FormatJSON, FormatTailwind} {
			t.Run(s.name+"/"+string(f), func(t *testing.T) {
				b, err := s.sys.Export(f)
				if err != nil {
					t.Fatal(err)
				}
				ext := map[Format]string{FormatSCSS: ".scss", FormatJSON: ".resolved.json", FormatTailwind: ".tailwind.js"}[f]
				golden(t, s.name+ext, b)
			})
		}
	}
}

func TestResolvedJSON(t *testing.T) {
	b, err := Default().ResolvedJSON()
	if err != nil {
		t.Fatal(err)
	}
	var themes map[string]json.RawMessage
	if err := json.Unmarshal(b, &themes); err != nil {
		t.Fatal(err)
	}
	if len(themes) != 3 {
		t.Fatalf("themes %d", len(themes))
	}
	// Each theme is itself a valid DTCG file, with no aliases left.
	for name, raw := range themes {
		f, err := Parse(raw)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, tok := range f.Tokens() {
			if len(refsOf(tok.Value, nil)) > 0 {
				t.Errorf("%s: %s still aliases", name, tok.Path)
			}
			if tok.Type == "" {
				t.Errorf("%s: %s has no $type", name, tok.Path)
			}
		}
		tok, _ := f.Get("color.text.default")
		want := map[string]string{"light": "#1e293b", "dark": "#e2e8f0", "high-contrast": "#000000"}[name]
		if tok.Value != want {
			t.Errorf("%s color.text.default = %v, want %s", name, tok.Value, want)
		}
	}
}

func TestExportFormats(t *testing.T) {
	s := Default()
	for _, f := range Formats {
		b, err := s.Export(f)
		if err != nil || len(b) == 0 {
			t.Errorf("%s: %v", f, err)
		}
		if f.MediaType() == "application/octet-stream" || f.FileName() == "tokens" {
			t.Errorf("%s: no media type or file name", f)
		}
	}
	if _, err := s.Export("xml"); err == nil {
		t.Error("unknown format accepted")
	}
	css, _ := s.Export(FormatCSS)
	if !strings.HasPrefix(string(css), ":root {") {
		t.Error("css export")
	}
}
