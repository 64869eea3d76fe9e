package token

import (
	"testing"
)

func TestChanges(t *testing.T) {
	old := mustParse(t, `{"color": {"$type": "color",
		"blue": {"100": {"$value": "#dbeafe"}, "50": {"$value": "#eff6ff"}},
		"text": {"$value": "{color.blue.100}", "$description": "Body text"},
		"gone": {"$value": "#000"}}}`)
	new := mustParse(t, `{"color": {"$type": "color",
		"blue": {"50": {"$value": "#eff6ff"}, "100": {"$value": "#bfdbfe"}},
		"text": {"$value": "{color.blue.50}", "$deprecated": "use color.ink"},
		"ink": {"$value": "#111"}}}`)
	got := Changes(old, new)
	want := []Change{
		{Path: "color.blue.100", Field: "$value", Before: `"#dbeafe"`, After: `"#bfdbfe"`},
		{Path: "color.gone", Before: `{"$type":"color","$value":"#000"}`},
		{Path: "color.ink", After: `{"$type":"color","$value":"#111"}`},
		{Path: "color.text", Field: "$value", Before: `"{color.blue.100}"`, After: `"{color.blue.50}"`},
		{Path: "color.text", Field: "$description", Before: `"Body text"`},
		{Path: "color.text", Field: "$deprecated", After: `"use color.ink"`},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d changes:\n%v", len(got), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("change %d\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	if !got[2].Added() || got[2].Removed() || !got[1].Removed() || got[0].Added() {
		t.Error("Added/Removed")
	}
	if c := Changes(old, old); len(c) != 0 {
		t.Errorf("no-op: %v", c)
	}
	if c := Changes(nil, old); len(c) != 4 || !c[0].Added() {
		t.Errorf("from nil: %v", c)
	}
}

func TestSystemChanges(t *testing.T) {
	a := Default()
	b := Default()
	b.Themes = map[string]*File{ThemeDark: mustParse(t, `{"color": {"text": {"default": {"$type": "color", "$value": "#fff"}}}}`)}
	got := SystemChanges(a, b)
	var dark, hc int
	for _, c := range got {
		switch c.Theme {
		case ThemeDark:
			dark++
		case ThemeHighContrast:
			hc++
			if !c.Removed() {
				t.Errorf("high-contrast change not a removal: %+v", c)
			}
		default:
			t.Errorf("unexpected change %+v", c)
		}
	}
	if hc != Default().Themes[ThemeHighContrast].Len() || dark != Default().Themes[ThemeDark].Len() {
		t.Errorf("dark %d, high-contrast %d", dark, hc)
	}
}

func TestComparePaths(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		less bool
	}{
		{"color.blue.50", "color.blue.100", true},
		{"color.blue.100", "color.blue.50", false},
		{"color.blue", "color.blue.50", true},
		{"a.b", "a.c", true},
		{"space.007", "space.10", true},
	} {
		if got := comparePaths(tc.a, tc.b) < 0; got != tc.less {
			t.Errorf("%s < %s = %v", tc.a, tc.b, got)
		}
	}
}
