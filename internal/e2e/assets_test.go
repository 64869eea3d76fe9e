package e2e

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/pagewright/pagewright/internal/apptest"
	"github.com/pagewright/pagewright/internal/config"
)

type assetJSON struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Alt    string `json:"alt"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Status string `json:"status"`
}

// assetTile is an XPath for the library tile of the image named name.
func assetTile(name string) string {
	return fmt.Sprintf(`//*[@data-testid='asset-tile'][.//*[normalize-space()=%s]]`, xpathString(name))
}

// writeTestPNG writes a w×h PNG into dir and returns its path: a gradient
// (a real picture, small), or with noise random pixels, which PNG cannot
// compress (about 4 bytes per pixel).
func writeTestPNG(t *testing.T, dir, name string, w, h int, noise bool) string {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.NRGBA{R: uint8(13 + x*200/w), G: uint8(148 - y*100/h), B: 136, A: 255})
		}
	}
	if noise {
		for i := range img.Pix {
			img.Pix[i] = uint8(rand.IntN(256))
		}
	}
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// uploadThroughInput hands files to the library's file input, as choosing
// them in the browser's file dialog does.
func uploadThroughInput(ctx context.Context, files ...string) {
	sess(ctx).t.Helper()
	step(ctx, "choose "+strings.Join(files, ", "), chromedp.SetUploadFiles(sel(`[data-testid="asset-file-input"]`), files))
}

// TestImageLibrary is Maya adding the first image to a new site: she uploads
// a PNG from the Images screen, sees it arrive, describes it, and finds the
// alt text still there after a reload; an SVG is refused with a reason,
// whether the browser or the server spots it.
func TestImageLibrary(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	admin := env.Setup(t)
	ctx := newBrowser(t)
	// Blur events (alt text saves on blur) need a focused page, which a
	// headless browser without a window does not have on its own.
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}

	const (
		siteName = "Riverside Flu Clinics"
		alt      = "Nurse giving a flu shot to a patient"
	)
	dir := t.TempDir()
	photo := writeTestPNG(t, dir, "flu-clinic.png", 640, 400, false)
	svg := filepath.Join(dir, "logo.svg")
	disguised := filepath.Join(dir, "logo-export.png")
	const svgSource = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>`
	for _, p := range []string{svg, disguised} {
		if err := os.WriteFile(p, []byte(svgSource), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Maya signs in and creates a site.
	visit(ctx, env.URL)
	waitPath(ctx, "/login")
	signIn(t, ctx, "maya@riverside.example", apptest.Password)
	waitPath(ctx, "/sites")
	click(ctx, button("New site"))
	fill(ctx, `[role="dialog"] input[name="name"]`, siteName)
	click(ctx, button("Create site"))
	waitNoDialog(ctx)
	waitText(ctx, "No pages yet")
	siteID := strings.TrimPrefix(eval[string](ctx, `location.pathname`), "/sites/")

	// Images, from the site's header: empty, and it says what to do.
	click(ctx, `//a[normalize-space()='Images']`)
	waitPath(ctx, "/sites/"+siteID+"/assets")
	waitText(ctx, "No images yet")
	waitText(ctx, "Drop files here or click Upload")
	if got := textOf(ctx, `h1`); got != "Images" {
		t.Errorf("page heading %q, want Images", got)
	}
	waitText(ctx, siteName)
	shot(t, ctx, "images-empty")

	// Upload the PNG: its row finishes, and the tile arrives with its size.
	uploadThroughInput(ctx, photo)
	waitVisible(ctx, `[data-testid="upload-row"][data-state="done"]`)
	shot(t, ctx, "uploaded")
	waitVisible(ctx, assetTile("flu-clinic.png"))
	if got := textOf(ctx, assetTile("flu-clinic.png")); !strings.Contains(got, "640 × 400") {
		t.Errorf("tile text %q, want the dimensions 640 × 400", got)
	}
	untilJS(ctx, "the thumbnail loads", `(() => {
		const img = document.querySelector('[data-testid="asset-tile"] img');
		return !!img && img.complete && img.naturalWidth > 0;
	})()`)

	// The new image is selected: its details say it has no alt text yet.
	waitVisible(ctx, `[data-testid="asset-details"]`)
	waitVisible(ctx, `[data-testid="decorative-note"]`)
	if got := textOf(ctx, `[data-testid="asset-dimensions"]`); got != "640 × 400 px" {
		t.Errorf("details dimensions %q, want 640 × 400 px", got)
	}
	ref := textOf(ctx, `[data-testid="asset-ref"]`)
	if !strings.HasPrefix(ref, "asset:") {
		t.Errorf("reference %q, want asset:<id>", ref)
	}
	shot(t, ctx, "details")

	// Describe it; leaving the field saves.
	fill(ctx, `[data-testid="asset-details"] textarea[name="alt"]`, alt)
	step(ctx, "leave the alt text field", chromedp.KeyEvent(kb.Tab))
	waitText(ctx, "Alt text saved")
	waitGone(ctx, `[data-testid="decorative-note"]`)
	shot(t, ctx, "alt-saved")

	// After a reload the alt text is still there.
	visit(ctx, env.URL+"/sites/"+siteID+"/assets")
	click(ctx, assetTile("flu-clinic.png"))
	waitVisible(ctx, `[data-testid="asset-details"] textarea[name="alt"]`)
	if got := eval[string](ctx, `document.querySelector('[data-testid="asset-details"] textarea[name="alt"]').value`); got != alt {
		t.Errorf("alt text after reload %q, want %q", got, alt)
	}
	shot(t, ctx, "alt-after-reload")

	// The API agrees.
	var list struct{ Items []assetJSON }
	admin.Do(t, "GET", "/api/v1/sites/"+siteID+"/assets", nil).Want(t, 200).JSON(t, &list)
	if len(list.Items) != 1 || list.Items[0].Alt != alt || list.Items[0].Width != 640 || list.Items[0].Height != 400 ||
		"asset:"+list.Items[0].ID != ref {
		t.Fatalf("assets %+v, want only flu-clinic.png (%s) with the alt text", list.Items, ref)
	}

	// An SVG is refused: by its name in the browser, by its bytes on the
	// server when it is called .png. Neither reaches the library.
	uploadThroughInput(ctx, svg, disguised)
	untilJS(ctx, "both uploads fail", `document.querySelectorAll('[data-testid="upload-row"][data-state="error"]').length === 2`)
	msgs := eval[[]string](ctx, `[...document.querySelectorAll('[data-testid="upload-error"]')].map(e => e.innerText)`)
	if len(msgs) != 2 {
		t.Fatalf("upload errors %q, want two", msgs)
	}
	for i, e := range msgs {
		if !strings.Contains(e, "SVG") || !strings.Contains(e, "scripts") {
			t.Errorf("upload error %d %q, want it to say SVGs can carry scripts", i, e)
		}
	}
	shot(t, ctx, "svg-refused")
	if n := count(ctx, `[data-testid="asset-tile"]`); n != 1 {
		t.Errorf("%d tiles after the refused uploads, want 1", n)
	}
	admin.Do(t, "GET", "/api/v1/sites/"+siteID+"/assets", nil).Want(t, 200).JSON(t, &list)
	if len(list.Items) != 1 {
		t.Errorf("%d assets after the refused uploads, want 1", len(list.Items))
	}
}

// TestImageOverUploadLimit is an upload over the instance's limit: the
// server refuses it from its size before reading it, and the browser shows
// the server's reason instead of a broken connection.
func TestImageOverUploadLimit(t *testing.T) {
	t.Parallel()
	const limit = 256 << 10
	env := apptest.New(t, func(c *config.Config) { c.MaxUploadBytes = limit })
	admin := env.Setup(t)
	var site siteJSON
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside Flu Clinics"}).Want(t, 201).JSON(t, &site)
	big := writeTestPNG(t, t.TempDir(), "scan.png", 1200, 1000, true)
	if st, err := os.Stat(big); err != nil || st.Size() < 4*limit {
		t.Fatalf("test image %v (err %v), want it well over %d bytes", st.Size(), err, limit)
	}

	ctx := newBrowser(t)
	visit(ctx, env.URL+"/sites/"+site.ID+"/assets")
	signIn(t, ctx, "maya@riverside.example", apptest.Password)
	waitPath(ctx, "/sites/"+site.ID+"/assets")
	waitText(ctx, "No images yet")
	uploadThroughInput(ctx, big)
	waitVisible(ctx, `[data-testid="upload-row"][data-state="error"]`)
	if got, want := textOf(ctx, `[data-testid="upload-error"]`), "The file is larger than the upload limit of 256 KiB. Make it smaller and try again."; got != want {
		t.Errorf("upload error %q, want %q", got, want)
	}
	shot(t, ctx, "too-large")
	waitText(ctx, "No images yet")
}
