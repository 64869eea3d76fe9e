package app_test

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pagewright/pagewright/internal/app"
	"github.com/pagewright/pagewright/internal/apptest"
)

// TestExtractTemplate: publishing a section keeps only its subtree under
// the page root, and images of the site's library are left out (a template
// may be installed into any site), with a warning that says so.
func TestExtractTemplate(t *testing.T) {
	page := `{"schemaVersion":1,"root":"root","meta":{"title":"Clinic","lang":"en","ogImage":"asset:og1"},"nodes":{
		"root":{"id":"root","type":"Page"},
		"a":{"id":"a","type":"Section","parent":"root","pos":"a0"},
		"h":{"id":"h","type":"Heading","parent":"a","pos":"a0","props":{"text":"Welcome","level":1}},
		"b":{"id":"b","type":"Section","parent":"root","pos":"a1"},
		"img":{"id":"img","type":"Image","parent":"b","pos":"a0","props":{"src":"asset:img1","alt":"A nurse","variants":[{"src":"asset:img1","width":640}]}},
		"t":{"id":"t","type":"Text","parent":"b","pos":"a1","props":{"html":"<p>Open daily</p>"}}}}`
	tests := []struct {
		name      string
		node      string
		wantNodes []string
		wantWarn  string
	}{
		{"whole page", "", []string{"a", "b", "h", "img", "root", "t"}, "3 images from the site's library were left out"},
		{"one section", "b", []string{"b", "img", "root", "t"}, "2 images from the site's library were left out"},
		{"a section without images", "a", []string{"a", "h", "root"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, warnings, err := app.ExtractTemplate([]byte(page), tc.node, "Clinic template")
			if err != nil {
				t.Fatal(err)
			}
			var d struct {
				Meta  map[string]string
				Nodes map[string]struct {
					Parent string
					Props  map[string]any
				}
			}
			if err := json.Unmarshal(out, &d); err != nil {
				t.Fatal(err)
			}
			var ids []string
			for id := range d.Nodes {
				ids = append(ids, id)
			}
			if strings.Join(slices.Sorted(slices.Values(ids)), ",") != strings.Join(tc.wantNodes, ",") {
				t.Errorf("nodes %v, want %v", slices.Sorted(slices.Values(ids)), tc.wantNodes)
			}
			if tc.node != "" && d.Nodes[tc.node].Parent != "root" {
				t.Errorf("the section's parent is %q, want root", d.Nodes[tc.node].Parent)
			}
			if strings.Contains(string(out), "asset:") {
				t.Errorf("an asset reference survived: %s", out)
			}
			got := strings.Join(warnings, " ")
			if tc.wantWarn == "" && got != "" || !strings.Contains(got, tc.wantWarn) {
				t.Errorf("warnings %q, want %q", got, tc.wantWarn)
			}
		})
	}
	if _, _, err := app.ExtractTemplate([]byte(page), "nope", "x"); err == nil {
		t.Error("an unknown node was accepted")
	}
}

// TestTemplateThumbnails: with Chromium installed, a start renders every
// shipped template's thumbnail in the background, and the API serves them
// as 640×480 PNGs.
func TestTemplateThumbnails(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("chromium"); err != nil && os.Getenv("PAGEWRIGHT_CHROMIUM") == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is required under CI=true")
		}
		t.Skip("chromium not installed")
	}
	env := apptest.New(t, apptest.WithThumbnails())
	admin := env.Setup(t)
	deadline := time.Now().Add(90 * time.Second)
	var list struct {
		Items []struct{ Slug, ThumbnailURL string }
	}
	for {
		admin.Do(t, "GET", "/api/v1/templates?limit=60", nil).Want(t, 200).JSON(t, &list)
		missing := 0
		for _, it := range list.Items {
			if it.ThumbnailURL == "" {
				missing++
			}
		}
		if missing == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d templates still have no thumbnail", missing, len(list.Items))
		}
		time.Sleep(250 * time.Millisecond)
	}
	res := admin.Do(t, "GET", list.Items[0].ThumbnailURL, nil).Want(t, 200)
	if res.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("content type %q", res.Header.Get("Content-Type"))
	}
	img, err := png.Decode(bytes.NewReader(res.Body))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 640 || b.Dy() != 480 {
		t.Errorf("thumbnail is %v, want 640×480", b)
	}
	// Not a blank image: a rendered page has many colours.
	colours := map[uint32]bool{}
	for y := 0; y < 480; y += 8 {
		for x := 0; x < 640; x += 8 {
			r, g, b, _ := img.At(x, y).RGBA()
			colours[r>>8<<16|g>>8<<8|b>>8] = true
		}
	}
	if len(colours) < 4 {
		t.Errorf("the thumbnail has %d colours: blank?", len(colours))
	}
	if dir := os.Getenv("PAGEWRIGHT_ARTIFACTS"); dir != "" {
		_ = os.WriteFile(dir+"/thumbnail-"+list.Items[0].Slug+".png", res.Body, 0o644)
	}
}
