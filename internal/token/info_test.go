package token

import "testing"

func TestInfos(t *testing.T) {
	infos, err := Default().Infos()
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]Info{}
	for _, i := range infos {
		if _, dup := byPath[i.Path]; dup {
			t.Errorf("%s listed twice", i.Path)
		}
		byPath[i.Path] = i
	}
	tests := []struct {
		name, path string
		typ        Type
		value      string
		themes     map[string]string
	}{
		{"semantic colour with themes", "color.text.default", TypeColor, "#1e293b", map[string]string{"dark": "#e2e8f0", "high-contrast": "#000000"}},
		{"primitive without themes", "color.teal.500", TypeColor, "#14b8a6", nil},
		{"dimension", "space.4", TypeDimension, "1rem", nil},
		{"untyped alias takes its target's type", "button.radius", TypeDimension, "0.375rem", nil},
		{"composite as CSS", "typography.body", TypeTypography, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i, ok := byPath[tt.path]
			if !ok {
				t.Fatalf("%s missing", tt.path)
			}
			if i.Type != tt.typ || i.CSSVar != VarName(tt.path) {
				t.Errorf("type %q cssVar %q", i.Type, i.CSSVar)
			}
			if tt.value != "" && i.Value != tt.value {
				t.Errorf("value %q, want %q", i.Value, tt.value)
			}
			if i.Value == "" {
				t.Error("empty value")
			}
			if tt.themes == nil && len(i.Themes) != 0 {
				t.Errorf("themes %v, want none", i.Themes)
			}
			for th, want := range tt.themes {
				if got := i.Themes[th]; got != want {
					t.Errorf("theme %s value %q, want %q", th, got, want)
				}
			}
		})
	}
	if len(infos) < 100 {
		t.Errorf("%d infos, want the whole default set", len(infos))
	}
}

func TestInfosThemeOnlyAndUnchanged(t *testing.T) {
	s := themeSystem(t, `{"color": {"text": {"$value": "{color.slate.100}"}, "extra": {"$value": "#123456"}}}`, "")
	infos, err := s.Infos()
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range infos {
		if i.Path == "color.extra" {
			t.Error("a theme-only token is listed")
		}
		if _, same := i.Themes["dark"]; same && i.Themes["dark"] == i.Value {
			t.Errorf("%s lists a dark value equal to the base", i.Path)
		}
	}
}
