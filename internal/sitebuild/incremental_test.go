package sitebuild_test

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/pagewright/pagewright/internal/sitebuild"
	"github.com/pagewright/pagewright/internal/token"
)

// editedTokens is the default design system with one colour changed.
func editedTokens(t *testing.T) *token.System {
	t.Helper()
	raw := token.DefaultJSON("")
	edited := bytes.Replace(raw, []byte(`"{color.teal.700}"`), []byte(`"{color.teal.800}"`), 1)
	if bytes.Equal(raw, edited) {
		t.Fatal("the default tokens have no color.teal.700 alias to edit")
	}
	f, err := token.Parse(edited)
	if err != nil {
		t.Fatal(err)
	}
	sys := token.Default()
	sys.Tokens = f
	return sys
}

func TestIncrementalBuild(t *testing.T) {
	ctx := context.Background()
	first := smallInput()
	objs := &sitebuild.MemObjects{}
	prev, st, err := sitebuild.Build(ctx, first, objs)
	if err != nil {
		t.Fatal(err)
	}
	if st.Rendered != 4 || st.Reused != 0 {
		t.Fatalf("first build %+v", st)
	}
	cases := []struct {
		name     string
		edit     func(in *sitebuild.Input)
		rendered []string // the pages rendered again; the others are reused
		newObjs  int      // -1: not checked
	}{
		{"nothing changed", func(in *sitebuild.Input) {}, nil, 0},
		{"one page's document", func(in *sitebuild.Input) {
			in.Pages[2].Document = document("Flu clinic", "", node{"h", "Heading", "", map[string]any{"text": "Flu shots are back", "level": 1}, nil})
		}, []string{"/services/flu-clinic/"}, 3}, // the page and its two compressed copies
		// Rendered again, but to the same bytes: nothing new to store.
		{"one page's title", func(in *sitebuild.Input) { in.Pages[3].Title = "Get in touch" }, []string{"/contact/"}, 0},
		{"one page's NoIndex", func(in *sitebuild.Input) { in.Pages[0].NoIndex = true }, []string{"/"}, -1},
		{"design tokens", func(in *sitebuild.Input) { in.Tokens = editedTokens(t) }, []string{"/", "/contact/", "/services/", "/services/flu-clinic/"}, -1},
		// The contact page said noindex already: its output is the same.
		{"environment made non-production", func(in *sitebuild.Input) { in.NoIndex = true }, []string{"/", "/services/", "/services/flu-clinic/"}, -1},
		{"base URL", func(in *sitebuild.Input) { in.BaseURL = "https://www.riverside.example" }, []string{"/", "/contact/", "/services/", "/services/flu-clinic/"}, -1},
		{"an asset's alt text", func(in *sitebuild.Input) {
			a := newFakeAssets()
			h := a.assets["hero1"]
			h.Alt = "A nurse and a patient"
			a.assets["hero1"] = h
			in.Assets = a
		}, []string{"/", "/services/"}, -1},
		// The pages using the image now write a <picture>.
		{"an asset's WebP copies made", func(in *sitebuild.Input) {
			in.Assets = newFakeAssets().withWebP()
		}, []string{"/", "/services/"}, -1},
		{"an asset's bytes", func(in *sitebuild.Input) {
			a := newFakeAssets()
			a.bytes["logo"][0] = []byte("a new logo")
			in.Assets = a.rehash()
		}, []string{"/services/"}, -1},
		{"an asset's bytes, from a source without hashes", func(in *sitebuild.Input) {
			a := newFakeAssets()
			a.bytes["logo"][0] = []byte("another new logo")
			in.Assets = a.withoutHashes()
		}, []string{"/services/"}, -1},
		{"a source without hashes, nothing changed", func(in *sitebuild.Input) {
			in.Assets = newFakeAssets().withoutHashes()
		}, nil, 0},
		{"a page added", func(in *sitebuild.Input) {
			// Links to it from any page would now be rewritten: all render.
			in.Pages = append(in.Pages, sitebuild.Page{ID: "p-new", Title: "New", Path: "/new/", Document: document("New", "")})
		}, []string{"/", "/contact/", "/new/", "/services/", "/services/flu-clinic/"}, -1},
		{"a page moved", func(in *sitebuild.Input) { in.Pages[3].Path = "/contact-us/" }, []string{"/", "/contact-us/", "/services/", "/services/flu-clinic/"}, -1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := smallInput()
			in.BuildID, in.Previous = "b2", prev
			c.edit(&in)
			m, st, err := sitebuild.Build(ctx, in, objs)
			if err != nil {
				t.Fatal(err)
			}
			if st.Rendered != len(c.rendered) || st.Reused != len(in.Pages)-len(c.rendered) || st.Pages != len(in.Pages) {
				t.Errorf("stats %+v, want %d rendered", st, len(c.rendered))
			}
			if c.newObjs >= 0 && st.NewObjects != c.newObjs {
				t.Errorf("%d new objects, want %d", st.NewObjects, c.newObjs)
			}
			// A reused page is the previous build's, file and all; a page
			// rendered again only differs if its input did.
			for _, e := range m.Pages {
				rendered := false
				for _, p := range c.rendered {
					rendered = rendered || p == e.Path
				}
				var pe *sitebuild.PageEntry
				for i := range prev.Pages {
					if prev.Pages[i].PageID == e.PageID {
						pe = &prev.Pages[i]
					}
				}
				if !rendered && (pe == nil || e.InputKey != pe.InputKey || m.Files[e.Path] != prev.Files[pe.Path] || !slices.Equal(e.Assets, pe.Assets)) {
					t.Errorf("%s was not reused", e.Path)
				}
				if rendered && pe != nil && e.InputKey == pe.InputKey {
					t.Errorf("%s: rendered again with the same input key", e.Path)
				}
				for _, a := range e.Assets {
					if _, ok := m.Files[a]; !ok {
						t.Errorf("%s: asset %s missing from the manifest", e.Path, a)
					}
				}
			}
			// Whatever was reused, every file resolves.
			for p, f := range m.Files {
				if ok, _ := objs.Has(ctx, f.Hash); !ok {
					t.Errorf("%s: object missing", p)
				}
			}
		})
	}
	t.Run("reused pages read no asset bytes", func(t *testing.T) {
		in := smallInput()
		in.Previous = prev
		assets := newFakeAssets()
		in.Assets = assets
		if _, _, err := sitebuild.Build(ctx, in, objs); err != nil {
			t.Fatal(err)
		}
		if n := assets.opens.Load(); n != 0 {
			t.Errorf("%d asset reads", n)
		}
	})
	t.Run("a changed page gets a new hash, the others keep theirs", func(t *testing.T) {
		in := smallInput()
		in.Previous = prev
		in.Pages[2].Document = document("Flu clinic", "", node{"h", "Heading", "", map[string]any{"text": "Flu shots are back", "level": 1}, nil})
		m, _, err := sitebuild.Build(ctx, in, objs)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"/", "/services/", "/contact/"} {
			if m.Files[p] != prev.Files[p] {
				t.Errorf("%s changed", p)
			}
		}
		if m.Files["/services/flu-clinic/"].Hash == prev.Files["/services/flu-clinic/"].Hash {
			t.Error("the changed page kept its hash")
		}
		if comparable(t, m) == comparable(t, prev) {
			t.Error("the manifest did not change")
		}
	})
	t.Run("objects gone from the store are made again", func(t *testing.T) {
		in := smallInput()
		in.Previous = prev
		fresh := &sitebuild.MemObjects{}
		m, st, err := sitebuild.Build(ctx, in, fresh)
		if err != nil {
			t.Fatal(err)
		}
		if st.Rendered != 4 || st.Reused != 0 || st.NewObjects != fresh.Len() {
			t.Errorf("stats %+v", st)
		}
		if comparable(t, m) != comparable(t, prev) {
			t.Error("rebuilding into an empty store gave another manifest")
		}
	})
	t.Run("tokens changed: the site CSS and every page change", func(t *testing.T) {
		in := smallInput()
		in.Previous, in.Tokens = prev, editedTokens(t)
		m, _, err := sitebuild.Build(ctx, in, objs)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range m.Pages {
			if m.Files[e.Path].Hash == prev.Files[e.Path].Hash {
				t.Errorf("%s did not change (its stylesheet link must)", e.Path)
			}
		}
		var css []string
		for p := range m.Files {
			if len(p) > 10 && p[:10] == "/_pw/site." {
				css = append(css, p)
			}
		}
		if len(css) != 1 || prev.Files[css[0]].Hash != "" {
			t.Errorf("site CSS %v", css)
		}
	})
}
