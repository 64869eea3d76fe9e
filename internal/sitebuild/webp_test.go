package sitebuild_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pagewright/pagewright/internal/sitebuild"
)

// withWebP gives hero1 WebP copies at 320 and 640 pixels, each right
// after the JPEG of its width, as the asset library lists them.
func (f *fakeAssets) withWebP() *fakeAssets {
	h := f.assets["hero1"]
	h.Variants = []sitebuild.AssetVariant{
		{Width: 320, Height: 180, ContentType: "image/jpeg"}, {Width: 320, Height: 180, ContentType: "image/webp"},
		{Width: 640, Height: 360, ContentType: "image/jpeg"}, {Width: 640, Height: 360, ContentType: "image/webp"},
	}
	f.assets["hero1"] = h
	f.webp = map[string]map[int][]byte{"hero1": {320: []byte("webp bytes at 320px"), 640: []byte("webp bytes at 640px")}}
	return f
}

func TestWebPVariants(t *testing.T) {
	in := smallInput()
	in.Assets = newFakeAssets().withWebP()
	m, _, objs := build(t, in)

	// Each WebP copy is a hashed, immutable file of its own type, not
	// precompressed (an image is compressed already).
	webpRe := regexp.MustCompile(`^/_pw/a/[0-9a-f]{16}\.webp$`)
	var webps []string
	for p, f := range m.Files {
		if !webpRe.MatchString(p) {
			continue
		}
		webps = append(webps, p)
		if f.Type != "image/webp" || !f.Immutable || f.Br != nil || f.Gzip != nil || !strings.HasPrefix(f.Hash, p[len("/_pw/a/"):len("/_pw/a/")+16]) {
			t.Errorf("%s: %+v", p, f)
		}
	}
	slices.SortFunc(webps, func(a, b string) int {
		return strings.Compare(string(served(t, m, objs, a)), string(served(t, m, objs, b)))
	})
	if len(webps) != 2 || string(served(t, m, objs, webps[0])) != "webp bytes at 320px" || string(served(t, m, objs, webps[1])) != "webp bytes at 640px" {
		t.Fatalf("WebP files %v", webps)
	}
	var jpegs []string
	for p, f := range m.Files {
		if strings.HasPrefix(p, "/_pw/a/") && strings.HasSuffix(p, ".jpg") && f.Type == "image/jpeg" {
			jpegs = append(jpegs, p)
		}
	}
	if len(jpegs) != 3 { // the original and two variants, as without WebP
		t.Errorf("JPEG files %v", jpegs)
	}

	// The pages using the image offer them in a <source>, and list them
	// among their assets so that a reused page keeps them.
	for _, e := range m.Pages {
		if e.Path != "/" && e.Path != "/services/" {
			continue
		}
		html := string(served(t, m, objs, e.Path))
		// Pages are minified: attribute values may go unquoted.
		sources := regexp.MustCompile(`<picture><source type="?image/webp"? srcset="([^"]*)" sizes=("[^"]+"|[^ >]+)><img [^>]*srcset="([^"]*)"[^>]*></picture>`).FindAllStringSubmatch(html, -1)
		if len(sources) == 0 {
			t.Errorf("%s: no <picture> with a WebP <source>:\n%s", e.Path, html)
		}
		for _, s := range sources {
			for _, w := range webps {
				name := w[len("/_pw/a/"):]
				if !strings.Contains(s[1], name) {
					t.Errorf("%s: the source's srcset %q lacks %s", e.Path, s[1], name)
				}
				if strings.Contains(s[3], name) {
					t.Errorf("%s: the img's srcset %q has the WebP %s", e.Path, s[3], name)
				}
			}
		}
		for _, w := range webps {
			if !slices.Contains(e.Assets, w) {
				t.Errorf("%s: assets %v lack %s", e.Path, e.Assets, w)
			}
		}
	}
}
