package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/pagewright/pagewright/internal/apptest"
)

// photoJPEG is a photograph-like JPEG: soft gradients with grain, the
// kind of picture WebP encodes in fewer bytes.
func photoJPEG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(1, 2))
	for y := range h {
		for x := range w {
			n := r.IntN(24) - 12
			c := func(v int) uint8 { return uint8(min(255, max(0, v+n))) }
			img.Set(x, y, color.RGBA{R: c(40 + x*160/w), G: c(120 + y*80/h), B: c(180 - x*60/w), A: 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// uploadAsset posts a file to a site's image library and waits until its
// variants are made.
func uploadAsset(t *testing.T, c *apptest.Client, siteID, name, typ string, data []byte, alt string) string {
	t.Helper()
	body, ct := apptest.ImageUpload(name, typ, data, alt)
	var a struct{ ID, Status string }
	c.Do(t, "POST", "/api/v1/sites/"+siteID+"/assets", body, "Content-Type", ct).Want(t, 201).JSON(t, &a)
	deadline := time.Now().Add(time.Minute)
	for a.Status == "processing" {
		if time.Now().After(deadline) {
			t.Fatalf("asset %s still processing", a.ID)
		}
		time.Sleep(100 * time.Millisecond)
		c.Do(t, "GET", "/api/v1/assets/"+a.ID, nil).Want(t, 200).JSON(t, &a)
	}
	if a.Status != "ready" {
		t.Fatalf("asset %s is %s", a.ID, a.Status)
	}
	return a.ID
}

// TestPublishedImagesUseWebP: a photo uploaded to the library gets WebP
// copies (the Images screen says so), and the published page offers them
// in a <picture>, which Chromium picks, at the width the layout needs.
func TestPublishedImagesUseWebP(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	admin := env.Setup(t)
	var site siteJSON
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside Imaging"}).Want(t, 201).JSON(t, &site)
	const alt = "The waiting room of the Riverside clinic"
	assetID := uploadAsset(t, admin, site.ID, "waiting-room.jpg", "image/jpeg", photoJPEG(t, 1600, 1000), alt)

	var pg pageJSON
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Visit us", "slug": "visit"}).Want(t, 201).JSON(t, &pg)
	docPath := "/api/v1/pages/" + pg.ID + "/document"
	etag := admin.Do(t, "GET", docPath, nil).Want(t, 200).Header.Get("ETag")
	body := fmt.Sprintf(`{"schemaVersion":1,"root":"root","meta":{"title":"Visit us","lang":"en"},"nodes":{"root":{"id":"root","type":"Page"},
		"sec":{"id":"sec","type":"Section","parent":"root","pos":"a0"},
		"h":{"id":"h","type":"Heading","parent":"sec","pos":"a0","props":{"text":"Visit us","level":1}},
		"img":{"id":"img","type":"Image","parent":"sec","pos":"a1","props":{"src":"asset:%s","alt":%q}}}}`, assetID, alt)
	admin.Do(t, "PUT", docPath, json.RawMessage(body), "If-Match", etag).Want(t, 200)
	deployProduction(t, env, admin, site)

	ctx := newBrowser(t)
	visit(ctx, env.URL+"/s/"+site.Slug+"/production/") // the first page is the home page
	untilJS(ctx, "the image loads", `(() => { const i = document.querySelector('picture > img'); return !!i && i.complete && i.naturalWidth > 0 })()`)
	got := eval[string](ctx, `document.querySelector('picture > img').currentSrc`)
	if !strings.HasSuffix(got, ".webp") {
		t.Errorf("Chromium loaded %q, want a WebP copy", got)
	}
	if n := eval[int](ctx, `document.querySelectorAll('picture > source[type="image/webp"]').length`); n != 1 {
		t.Errorf("%d WebP sources", n)
	}
	// The <picture> changes no layout: the image is as wide as its section's content.
	if w := eval[float64](ctx, `document.querySelector('picture > img').getBoundingClientRect().width`); w < 300 {
		t.Errorf("the image is %v px wide", w)
	}
	shot(t, ctx, "published-webp")

	// The Images screen lists the WebP copies beside the JPEGs.
	visit(ctx, env.URL)
	waitPath(ctx, "/login")
	signIn(t, ctx, "maya@riverside.example", apptest.Password)
	waitPath(ctx, "/sites")
	visit(ctx, env.URL+"/sites/"+site.ID+"/assets")
	click(ctx, assetTile("waiting-room.jpg"))
	waitVisible(ctx, `[data-testid="asset-details"]`)
	waitText(ctx, "WebP")
	shot(t, ctx, "asset-webp-details")
}
