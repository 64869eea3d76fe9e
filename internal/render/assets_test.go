package render_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pagewright/pagewright/internal/render"
)

// fakeAssets is an asset library held in memory.
type fakeAssets map[string]render.Asset

func (f fakeAssets) Asset(id string) (render.Asset, bool) {
	a, ok := f[id]
	return a, ok
}

var assets = fakeAssets{
	"nurse-1": {Src: "/assets/nurse-1/original.jpg", Width: 1600, Height: 1067, Alt: "A nurse talking with a patient",
		Variants: []render.AssetVariant{{URL: "/assets/nurse-1/1280.jpg", Width: 1280}, {URL: "/assets/nurse-1/320.jpg", Width: 320}, {URL: "/assets/nurse-1/640.jpg", Width: 640}}},
	"pattern": {Src: "/assets/pattern/original.png", Width: 200, Height: 200},
	"og":      {Src: "https://cdn.example.org/og.jpg", Width: 1200, Height: 630, Alt: "Flu clinic"},
	"nosize":  {Src: "/assets/nosize/original.svg", Alt: "Logo"},
	// WebP copies at 320 and 640 only (at 1280 the JPEG was smaller), given
	// out of order.
	"clinic-webp": {Src: "/assets/clinic/original.jpg", Width: 1600, Height: 1067, Alt: "The clinic's waiting room",
		Variants: []render.AssetVariant{{URL: "/assets/clinic/1280.jpg", Width: 1280}, {URL: "/assets/clinic/640.webp", Width: 640, Type: "image/webp"},
			{URL: "/assets/clinic/320.jpg", Width: 320}, {URL: "/assets/clinic/320.webp", Width: 320, Type: "image/webp"}, {URL: "/assets/clinic/640.jpg", Width: 640}}},
}

var assetCases = []goldenCase{
	{typ: "Image", props: `{"src":"asset:nurse-1"}`},
	{typ: "Image", props: `{"src":"asset:nurse-1","alt":"Our nurse Sam","width":800,"sizes":"(min-width: 768px) 50vw, 100vw","priority":true,"caption":"Sam at Riverside"}`},
	{typ: "Image", props: `{"src":"asset:pattern","decorative":true}`},
	{typ: "Image", props: `{"src":"asset:nosize","width":120,"height":40}`},
	{typ: "Hero", props: `{"heading":"Book your flu shot","image":"asset:nurse-1"}`},
	{typ: "Testimonial", props: `{"quote":"Quick.","name":"Sam","avatar":"asset:nurse-1"}`},
	// With WebP copies: a <picture> whose <source> lists them.
	{typ: "Image", props: `{"src":"asset:clinic-webp"}`},
	{typ: "Image", props: `{"src":"asset:clinic-webp","alt":"Waiting room","sizes":"(min-width: 768px) 50vw, 100vw","priority":true,"caption":"Our waiting room"}`},
	{typ: "Hero", props: `{"heading":"Book your flu shot","image":"asset:clinic-webp"}`},
	{typ: "Testimonial", props: `{"quote":"Quick.","name":"Sam","avatar":"asset:clinic-webp"}`},
}

func TestGoldenAssets(t *testing.T) {
	for i, c := range assetCases {
		name := fmt.Sprintf("asset-%s-%d", strings.ToLower(c.typ), i+1)
		t.Run(name, func(t *testing.T) {
			d := c.doc(t)
			d.Meta.OGImage = "asset:og"
			res, err := render.Render(d, render.Options{Tokens: tokens, Assets: assets})
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, name, "html", res.HTML)
			checkGolden(t, name, "css", res.CSS)
			if !slices.Contains(res.Assets, "og") || !slices.IsSorted(res.Assets) || len(res.Assets) != 2 {
				t.Errorf("Assets = %v, want og and the component's", res.Assets)
			}
			if !strings.Contains(res.HTML, `<meta property="og:image" content="https://cdn.example.org/og.jpg">`) {
				t.Error("no og:image from the asset")
			}
			if err := checkHTML(res.HTML); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestAssetDetails(t *testing.T) {
	cases := []struct {
		name, props string
		want        []string
	}{
		{"size, alt and variants from the asset", `{"src":"asset:nurse-1"}`, []string{
			`src="/assets/nurse-1/original.jpg"`, `alt="A nurse talking with a patient"`, `width="1600" height="1067"`,
			`srcset="/assets/nurse-1/320.jpg 320w, /assets/nurse-1/640.jpg 640w, /assets/nurse-1/1280.jpg 1280w"`, `sizes="100vw"`}},
		{"node's width keeps the aspect ratio", `{"src":"asset:nurse-1","width":800}`, []string{`width="800" height="534"`}},
		{"node's height keeps the aspect ratio", `{"src":"asset:nurse-1","height":100}`, []string{`width="150" height="100"`}},
		{"node's alt wins", `{"src":"asset:nurse-1","alt":"Sam"}`, []string{`alt="Sam"`}},
		{"decorative stays empty", `{"src":"asset:nurse-1","decorative":true}`, []string{`alt=""`}},
		{"sizes prop", `{"src":"asset:nurse-1","sizes":"50vw"}`, []string{`sizes="50vw"`}},
		{"variant by asset", `{"src":"/a.jpg","alt":"a","width":10,"height":10,"variants":[{"src":"asset:pattern","width":200}]}`, []string{`srcset="/assets/pattern/original.png 200w"`}},
		{"WebP copies in a source before the img", `{"src":"asset:clinic-webp","sizes":"50vw"}`, []string{
			`<picture><source type="image/webp" srcset="/assets/clinic/320.webp 320w, /assets/clinic/640.webp 640w, /assets/clinic/1280.jpg 1280w" sizes="50vw">` +
				`<img src="/assets/clinic/original.jpg" alt="The clinic&#39;s waiting room" width="1600" height="1067" ` +
				`srcset="/assets/clinic/320.jpg 320w, /assets/clinic/640.jpg 640w, /assets/clinic/1280.jpg 1280w" sizes="50vw" loading="lazy" decoding="async"></picture>`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := render.Render(goldenCase{typ: "Image", props: c.props}.doc(t), render.Options{Assets: assets})
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range c.want {
				if !strings.Contains(res.HTML, w) {
					t.Errorf("lacks %s in\n%s", w, res.HTML)
				}
			}
		})
	}
}

func TestAssetErrors(t *testing.T) {
	cases := []struct {
		name      string
		c         goldenCase
		og        string
		noLibrary bool
		node      string
		field     string
		message   string
	}{
		{name: "unknown asset", c: goldenCase{typ: "Image", props: `{"src":"asset:nope"}`}, node: "n", field: "props.src", message: `asset "nope", which does not exist`},
		{name: "no library", c: goldenCase{typ: "Image", props: `{"src":"asset:nurse-1"}`}, noLibrary: true, node: "n", field: "props.src", message: "no asset library"},
		{name: "malformed id", c: goldenCase{typ: "Image", props: `{"src":"asset:a b"}`}, node: "n", field: "props.src", message: "asset:<id>"},
		{name: "no alt anywhere", c: goldenCase{typ: "Image", props: `{"src":"asset:pattern"}`}, node: "n", field: "props.alt", message: "has no alternative text"},
		{name: "no size anywhere", c: goldenCase{typ: "Image", props: `{"src":"asset:nosize"}`}, node: "n", field: "props.width", message: "not known"},
		{name: "hero image", c: goldenCase{typ: "Hero", props: `{"heading":"h","image":"asset:nope"}`}, node: "n", field: "props.image", message: "does not exist"},
		{name: "avatar", c: goldenCase{typ: "Testimonial", props: `{"quote":"q","name":"n","avatar":"asset:nope"}`}, node: "n", field: "props.avatar", message: "does not exist"},
		{name: "variant", c: goldenCase{typ: "Image", props: `{"src":"/a.jpg","alt":"a","width":1,"height":1,"variants":[{"src":"asset:nope","width":2}]}`}, node: "n", field: "props.variants[0].src", message: "does not exist"},
		{name: "og image", c: goldenCase{typ: "Divider"}, og: "asset:nope", field: "meta.ogImage", message: "does not exist"},
		{name: "og image without library", c: goldenCase{typ: "Divider"}, og: "asset:og", noLibrary: true, field: "meta.ogImage", message: "no asset library"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := c.c.doc(t)
			d.Meta.OGImage = c.og
			opts := render.Options{Assets: assets}
			if c.noLibrary {
				opts.Assets = nil
			}
			_, err := render.Render(d, opts)
			var re *render.Error
			if !errors.As(err, &re) {
				t.Fatalf("want a *render.Error, got %v", err)
			}
			if re.Node != c.node || re.Field != c.field || !strings.Contains(re.Message, c.message) {
				t.Errorf("got node %q field %q message %q; want %q %q …%s…", re.Node, re.Field, re.Message, c.node, c.field, c.message)
			}
		})
	}
}

func TestCheckDocumentAcceptsAssetRefs(t *testing.T) {
	cases := []struct {
		name  string
		c     goldenCase
		og    string
		wants []string // problem locations
	}{
		{name: "image asset without size or alt", c: goldenCase{typ: "Image", props: `{"src":"asset:0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"}`}, og: "asset:og-1"},
		{name: "hero and avatar", c: goldenCase{typ: "Hero", props: `{"heading":"h","image":"asset:x"}`}},
		{name: "url image still needs size and alt", c: goldenCase{typ: "Image", props: `{"src":"/a.jpg"}`}, wants: []string{"nodes.n.props.alt", "nodes.n.props.height", "nodes.n.props.width"}},
		{name: "malformed asset id", c: goldenCase{typ: "Image", props: `{"src":"asset:"}`}, wants: []string{"nodes.n.props.src"}},
		{name: "malformed og asset", og: "asset:a/b", c: goldenCase{typ: "Divider"}, wants: []string{"meta.ogImage"}},
		{name: "unsafe og image", og: "javascript:alert(1)", c: goldenCase{typ: "Divider"}, wants: []string{"meta.ogImage"}},
		{name: "og url", og: "https://cdn.example.org/og.jpg", c: goldenCase{typ: "Divider"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := c.c.doc(t)
			d.Meta.OGImage = c.og
			var got []string
			for _, p := range render.CheckDocument(d, nil) {
				got = append(got, p.Location)
			}
			if !slices.Equal(got, c.wants) {
				t.Errorf("problems at %v, want %v", got, c.wants)
			}
		})
	}
}

// TestNoAssetsNoChange: a page without asset references reports none.
func TestNoAssetsNoChange(t *testing.T) {
	res, err := render.Render(loadFlu(t), render.Options{Tokens: tokens})
	if err != nil {
		t.Fatal(err)
	}
	if res.Assets != nil {
		t.Errorf("Assets = %v", res.Assets)
	}
}

// TestNoWebPRendersAsBefore: an image without WebP copies renders exactly
// as before they existed (the golden files of nurse-1 predate them), also
// from a resolver that does not tell the types apart and so gives each
// width twice (the editor's, which links every copy by width).
func TestNoWebPRendersAsBefore(t *testing.T) {
	twice := assets["nurse-1"]
	twice.Variants = nil
	for _, v := range assets["nurse-1"].Variants {
		twice.Variants = append(twice.Variants, v, v)
	}
	lib := fakeAssets{"nurse-1": twice, "og": assets["og"]}
	cases := []struct {
		name   string
		c      goldenCase
		golden string
		lib    fakeAssets
	}{
		{"Image", assetCases[0], "asset-image-1", assets},
		{"ImageWithCaption", assetCases[1], "asset-image-2", assets},
		{"Hero", assetCases[4], "asset-hero-5", assets},
		{"Testimonial", assetCases[5], "asset-testimonial-6", assets},
		{"ImageWidthsTwice", assetCases[0], "asset-image-1", lib},
		{"HeroWidthsTwice", assetCases[4], "asset-hero-5", lib},
		{"TestimonialWidthsTwice", assetCases[5], "asset-testimonial-6", lib},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := c.c.doc(t)
			d.Meta.OGImage = "asset:og"
			res, err := render.Render(d, render.Options{Tokens: tokens, Assets: c.lib})
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join("testdata", c.golden+".golden.html"))
			if err != nil {
				t.Fatal(err)
			}
			if res.HTML != string(want) {
				t.Errorf("differs from %s:\n%s", c.golden, res.HTML)
			}
			if strings.Contains(res.HTML, "<picture") || strings.Contains(res.HTML, "<source") {
				t.Error("a picture without WebP copies")
			}
		})
	}
}
