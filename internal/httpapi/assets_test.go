package httpapi_test

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/apptest"
	"github.com/pagewright/pagewright/internal/config"
)

// The asset library on a running instance: uploads checked from their
// content, the variants job, the file route's caching headers, search,
// permissions and deletion.

type assetBody struct {
	ID          string `json:"id"`
	SiteID      string `json:"siteId"`
	Name        string `json:"name"`
	ContentType string `json:"contentType"`
	Size        int64  `json:"size"`
	Width       int    `json:"width"`
	Height      int    `json:"height"`
	Alt         string `json:"alt"`
	SHA256      string `json:"sha256"`
	Status      string `json:"status"`
	Error       string `json:"error"`
	Variants    []struct {
		Width       int    `json:"width"`
		Height      int    `json:"height"`
		ContentType string `json:"contentType"`
		Size        int64  `json:"size"`
	} `json:"variants"`
	URL       string    `json:"url"`
	CreatedAt time.Time `json:"createdAt"`
	CreatedBy string    `json:"createdBy"`
	UpdatedAt time.Time `json:"updatedAt"`
}

type assetList struct {
	Items      []assetBody `json:"items"`
	NextCursor string      `json:"nextCursor"`
}

// testPicture is a w×h gradient; seed makes its content unique.
func testPicture(w, h int, seed byte) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.NRGBA{uint8(x * 255 / w), uint8(y * 255 / h), seed, 255})
		}
	}
	return img
}

func testPNG(t testing.TB, w, h int, seed byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, testPicture(w, h, seed)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func testJPEG(t testing.TB, w, h int, seed byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, testPicture(w, h, seed), &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// noisePNG does not compress: size grows with the pixel count.
func noisePNG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	_, _ = rand.Read(img.Pix)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// bombPNG is a PNG header claiming w×h pixels, with no image data.
func bombPNG(w, h uint32) []byte {
	chunk := func(typ string, data []byte) []byte {
		c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
		c = append(c, typ...)
		c = append(c, data...)
		return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	ihdr := binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, w), h)
	b := append([]byte("\x89PNG\r\n\x1a\n"), chunk("IHDR", append(ihdr, 8, 6, 0, 0, 0))...)
	return append(b, chunk("IEND", nil)...)
}

// uploadForm is a multipart body with the file (declared as declaredType,
// which the server must ignore) and, when not empty, alt text.
func uploadForm(t testing.TB, filename, declaredType string, data []byte, alt string) (body []byte, contentType string) {
	t.Helper()
	return apptest.ImageUpload(filename, declaredType, data, alt)
}

// upload posts a file to a site's library.
func upload(t testing.TB, c *apptest.Client, siteID, filename, declaredType string, data []byte, alt string) *apptest.Response {
	t.Helper()
	body, ct := uploadForm(t, filename, declaredType, data, alt)
	return c.Do(t, "POST", "/api/v1/sites/"+siteID+"/assets", body, "Content-Type", ct)
}

// waitAsset polls an asset until it is no longer processing.
func waitAsset(t testing.TB, c *apptest.Client, id string) assetBody {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		a := decode[assetBody](t, c.Do(t, "GET", "/api/v1/assets/"+id, nil).Want(t, 200))
		if a.Status != "processing" {
			return a
		}
		if time.Now().After(deadline) {
			t.Fatalf("asset %s still processing after 20s", id)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestAssets(t *testing.T) {
	t.Parallel()
	small := func(c *config.Config) { c.MaxUploadBytes = 256 << 10 }
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		assetsFlow(t, apptest.New(t, small))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		assetsFlow(t, apptest.New(t, small, apptest.WithDatabase(apptest.FreshPostgres(t))))
	})
}

func assetsFlow(t *testing.T, env *apptest.Env) {
	admin := env.Setup(t)
	editor := env.CreateUser(t, "Eddie Editor", access.RoleEditor)
	viewer := env.CreateUser(t, "Vera Viewer", access.RoleViewer)
	siteA := decode[idBody](t, admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Clinic A"}).Want(t, 201)).ID
	siteB := decode[idBody](t, admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Clinic B"}).Want(t, 201)).ID

	// A JPEG with EXIF (a GPS position) in it, uploaded from a Windows
	// path: stored without the metadata, named by its base name.
	photo := testJPEG(t, 1000, 600, 1)
	exif := "Exif\x00\x00II*\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00GPS 51.5N 0.12W"
	withExif := append(append([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0, byte(len(exif) + 2)}, exif...), photo[2:]...)
	res := upload(t, editor, siteA, `C:\Users\eddie\Pictures\Flu clinic.jpg`, "application/octet-stream", withExif, "  A nurse giving a flu shot ")
	res.Want(t, 201)
	jp := decode[assetBody](t, res)
	if jp.SiteID != siteA || jp.Name != "Flu clinic.jpg" || jp.ContentType != "image/jpeg" || jp.Width != 1000 || jp.Height != 600 ||
		jp.Alt != "A nurse giving a flu shot" || len(jp.SHA256) != 64 || jp.Status != "processing" || jp.Variants == nil ||
		jp.URL != "/api/v1/assets/"+jp.ID+"/file" || jp.CreatedBy != editor.UserID || jp.CreatedAt.IsZero() {
		t.Fatalf("uploaded JPEG: %s", res.Body)
	}

	// A small PNG needs no variants: ready at once.
	icon := testPNG(t, 200, 100, 2)
	ic := decode[assetBody](t, upload(t, editor, siteA, "icon.png", "image/png", icon, "").Want(t, 201))
	if ic.Status != "ready" || len(ic.Variants) != 0 || ic.ContentType != "image/png" || ic.Size != int64(len(icon)) || ic.SHA256 != sha(icon) {
		t.Fatalf("uploaded PNG: %+v", ic)
	}

	// A WebP: there is no pure-Go WebP encoder, so its variant is a JPEG.
	webp, err := os.ReadFile("../imaging/testdata/opaque-400x300.webp")
	if err != nil {
		t.Fatal(err)
	}
	wp := decode[assetBody](t, upload(t, editor, siteA, "banner.webp", "image/webp", webp, "").Want(t, 201))

	// The job makes the variants: 320, 640 and 960 of the 1000-wide JPEG,
	// each followed by a WebP copy where that is smaller.
	jp = waitAsset(t, editor, jp.ID)
	if mv := mainVariants(t, jp); jp.Status != "ready" || len(mv) != 3 {
		t.Fatalf("after the job: %+v", jp)
	}
	for i, w := range []int{320, 640, 960} {
		v := mainVariants(t, jp)[i]
		if v.Width != w || v.Height != w*600/1000 || v.ContentType != "image/jpeg" || v.Size <= 0 {
			t.Errorf("variant %d: %+v, want %d×%d JPEG", i, v, w, w*600/1000)
		}
	}
	if wp = waitAsset(t, editor, wp.ID); wp.Status != "ready" || len(mainVariants(t, wp)) != 1 || wp.Variants[0].Width != 320 || wp.Variants[0].ContentType != "image/jpeg" {
		t.Fatalf("WebP after the job: %+v", wp)
	}

	// A JPEG cut short passes the header checks, but the job cannot decode
	// it: failed, with the reason, and the original is still served.
	cut := testJPEG(t, 800, 500, 7)
	broken := decode[assetBody](t, upload(t, editor, siteB, "cut.jpg", "image/jpeg", cut[:len(cut)/2], "").Want(t, 201))
	if broken = waitAsset(t, editor, broken.ID); broken.Status != "failed" || !strings.Contains(broken.Error, "could not be decoded") || len(broken.Variants) != 0 {
		t.Fatalf("cut-short JPEG after the job: %+v", broken)
	}
	if res := viewer.Do(t, "GET", "/api/v1/assets/"+broken.ID+"/file?w=320", nil).Want(t, 200); sha(res.Body) != broken.SHA256 {
		t.Error("a failed asset does not serve its original")
	}

	// The file: the stored original without w, with every header.
	file := "/api/v1/assets/" + jp.ID + "/file"
	res = viewer.Do(t, "GET", file, nil).Want(t, 200)
	if sha(res.Body) != jp.SHA256 || int64(len(res.Body)) != jp.Size {
		t.Fatalf("original: %d bytes, sha %s; the asset says %d, %s", len(res.Body), sha(res.Body), jp.Size, jp.SHA256)
	}
	if bytes.Contains(res.Body, []byte("GPS")) || bytes.Contains(res.Body, []byte("Exif")) {
		t.Error("the stored original still carries the EXIF block")
	}
	wantHeaders := map[string]string{"Content-Type": "image/jpeg", "ETag": `"` + jp.SHA256 + `"`, "Cache-Control": "private, max-age=300",
		"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'; sandbox",
		"Content-Length": strconv.FormatInt(jp.Size, 10)}
	for k, v := range wantHeaders {
		if got := res.Header.Get(k); got != v {
			t.Errorf("%s: %q, want %q", k, got, v)
		}
	}
	if cfg, err := jpeg.DecodeConfig(bytes.NewReader(res.Body)); err != nil || cfg.Width != 1000 {
		t.Fatalf("original decodes as %+v, %v", cfg, err)
	}
	// With w: the smallest variant at least that wide, else the original.
	for _, tc := range []struct{ w, want int }{{1, 320}, {320, 320}, {500, 640}, {960, 960}, {961, 1000}, {4000, 1000}} {
		res := viewer.Do(t, "GET", file+"?w="+strconv.Itoa(tc.w), nil).Want(t, 200)
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(res.Body))
		if err != nil || cfg.Width != tc.want || res.Header.Get("ETag") != `"`+sha(res.Body)+`"` || res.Header.Get("Content-Type") != "image/jpeg" {
			t.Errorf("w=%d: %d wide (%v), ETag %s; want %d wide tagged with its hash", tc.w, cfg.Width, err, res.Header.Get("ETag"), tc.want)
		}
	}
	// Revalidation.
	v640 := viewer.Do(t, "GET", file+"?w=640", nil).Want(t, 200)
	tag := v640.Header.Get("ETag")
	for _, inm := range []string{tag, "W/" + tag, `"other", ` + tag, "*"} {
		res := viewer.Do(t, "GET", file+"?w=640", nil, "If-None-Match", inm)
		if res.Status != 304 || len(res.Body) != 0 || res.Header.Get("ETag") != tag || res.Header.Get("Cache-Control") != "private, max-age=300" {
			t.Errorf("If-None-Match %s: %d with %d bytes, ETag %q", inm, res.Status, len(res.Body), res.Header.Get("ETag"))
		}
	}
	viewer.Do(t, "GET", file+"?w=640", nil, "If-None-Match", `"`+jp.SHA256+`"`).Want(t, 200) // the original's tag is not the variant's
	wantProblem(t, env.Anonymous().Do(t, "GET", file, nil), 401, "auth.unauthenticated")

	// The same content again (with other metadata, another name and alt):
	// the existing asset, nothing new stored.
	again := decode[assetBody](t, upload(t, admin, siteA, "copy.jpg", "image/jpeg", photo, "other alt").Want(t, 201))
	if again.ID != jp.ID || again.Alt != jp.Alt || again.Name != jp.Name {
		t.Fatalf("re-upload gave %+v, want the existing %s", again, jp.ID)
	}
	// The same content on another site is that site's own asset.
	inB := decode[assetBody](t, upload(t, admin, siteB, "flu.jpg", "image/jpeg", photo, "").Want(t, 201))
	if inB.ID == jp.ID || inB.SiteID != siteB {
		t.Fatalf("upload to site B gave %+v", inB)
	}

	list := func(c *apptest.Client, site, query string) assetList {
		t.Helper()
		return decode[assetList](t, c.Do(t, "GET", "/api/v1/sites/"+site+"/assets"+query, nil).Want(t, 200))
	}
	ids := func(l assetList) []string {
		var out []string
		for _, a := range l.Items {
			out = append(out, a.ID)
		}
		return out
	}

	// The same new picture uploaded several times at once: one asset, one
	// stored file, and every answer names it.
	siteC := decode[idBody](t, admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Clinic C"}).Want(t, 201)).ID
	raceBody, raceType := uploadForm(t, "race.png", "image/png", testPNG(t, 64, 64, 8), "")
	got := make(chan string, 5)
	for range 5 {
		go func() {
			req, _ := http.NewRequest("POST", env.URL+"/api/v1/sites/"+siteC+"/assets", bytes.NewReader(raceBody))
			req.Header.Set("Content-Type", raceType)
			req.Header.Set("X-CSRF-Token", editor.CSRF)
			res, err := editor.HTTP.Do(req)
			if err != nil {
				got <- "error: " + err.Error()
				return
			}
			defer res.Body.Close()
			var a assetBody
			b, _ := io.ReadAll(res.Body)
			if res.StatusCode != 201 || json.Unmarshal(b, &a) != nil {
				got <- strconv.Itoa(res.StatusCode) + " " + string(b)
				return
			}
			got <- a.ID
		}()
	}
	var raced []string
	for range 5 {
		raced = append(raced, <-got)
	}
	if l := list(admin, siteC, ""); len(l.Items) != 1 || slices.ContainsFunc(raced, func(id string) bool { return id != l.Items[0].ID }) {
		t.Fatalf("5 concurrent identical uploads answered %v; the library holds %v", raced, ids(l))
	}
	if keys := blobKeys(t, env, "sites/"+siteC+"/"); len(keys) != 1 {
		t.Errorf("files after concurrent identical uploads: %v, want one", keys)
	}

	// The library: newest first, searched by name and alt text in any case.
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", []string{wp.ID, ic.ID, jp.ID}},
		{"?q=NURSE", []string{jp.ID}},
		{"?q=" + url.QueryEscape("flu clinic"), []string{jp.ID}},
		{"?q=.PNG", []string{ic.ID}},
		{"?q=x-ray", nil},
	} {
		if got := ids(list(viewer, siteA, tc.query)); strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("list%s: %v, want %v", tc.query, got, tc.want)
		}
	}
	first := list(viewer, siteA, "?limit=2")
	rest := list(viewer, siteA, "?limit=2&cursor="+url.QueryEscape(first.NextCursor))
	if len(first.Items) != 2 || first.NextCursor == "" || len(rest.Items) != 1 || rest.NextCursor != "" || rest.Items[0].ID != jp.ID {
		t.Fatalf("paging: %v then %v", ids(first), ids(rest))
	}

	// Alt text and name.
	before := jp
	res = editor.Do(t, "PATCH", "/api/v1/assets/"+jp.ID, map[string]string{"alt": "Nurse Amal vaccinating a patient"}).Want(t, 200)
	jp = decode[assetBody](t, res)
	if jp.Alt != "Nurse Amal vaccinating a patient" || jp.Name != before.Name || !jp.UpdatedAt.After(before.UpdatedAt) || len(jp.Variants) != len(before.Variants) {
		t.Fatalf("after PATCH: %s", res.Body)
	}
	if got := ids(list(viewer, siteA, "?q=amal")); len(got) != 1 || got[0] != jp.ID {
		t.Errorf("search by the new alt text: %v", got)
	}
	wantProblem(t, editor.Do(t, "PATCH", "/api/v1/assets/"+jp.ID, map[string]string{"alt": strings.Repeat("é", 1001)}), 422, "request.invalid")
	wantProblem(t, editor.Do(t, "PATCH", "/api/v1/assets/"+jp.ID, map[string]string{"name": "  "}), 422, "asset.invalid")
	res = editor.Do(t, "PATCH", "/api/v1/assets/"+jp.ID, map[string]string{"name": "Flu clinic, spring.jpg", "alt": ""}).Want(t, 200)
	if got := decode[assetBody](t, res); got.Name != "Flu clinic, spring.jpg" || got.Alt != "" {
		t.Fatalf("rename: %s", res.Body)
	}

	// What is refused, and why.
	svg := []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"/>`)
	for _, tc := range []struct {
		name, filename, declared string
		data                     []byte
		status                   int
		code, detail             string
	}{
		{"SVG", "logo.svg", "image/svg+xml", svg, 415, "asset.unsupported_type", "SVG"},
		{"SVGNamedPNG", "logo.png", "image/png", svg, 415, "asset.unsupported_type", "SVG"},
		{"TextNamedPNG", "notes.png", "image/png", []byte("Patient list: do not upload\n"), 415, "asset.unsupported_type", "not a JPEG, PNG, GIF or WebP"},
		{"DamagedPNG", "broken.png", "image/png", testPNG(t, 50, 50, 3)[:60], 415, "asset.unsupported_type", "damaged"},
		{"Oversize", "huge.png", "image/png", noisePNG(t, 270, 270), 413, "asset.too_large", "256 KiB"},
		{"Bomb", "bomb.png", "image/png", bombPNG(20000, 20000), 422, "asset.too_many_pixels", "20000 × 20000"},
	} {
		t.Run("Refuses"+tc.name, func(t *testing.T) {
			p := wantProblem(t, upload(t, editor, siteA, tc.filename, tc.declared, tc.data, ""), tc.status, tc.code)
			if !strings.Contains(p.Detail, tc.detail) {
				t.Errorf("detail %q does not mention %q", p.Detail, tc.detail)
			}
		})
	}
	wantProblem(t, editor.Do(t, "POST", "/api/v1/sites/"+siteA+"/assets", map[string]string{"file": "x"}), 415, "request.unsupported_media_type")
	noFile, ct := func() ([]byte, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.WriteField("alt", "no file")
		_ = mw.Close()
		return buf.Bytes(), mw.FormDataContentType()
	}()
	wantProblem(t, editor.Do(t, "POST", "/api/v1/sites/"+siteA+"/assets", noFile, "Content-Type", ct), 422, "asset.invalid")
	// An oversize body sent without a Content-Length is cut off at the limit.
	body, ct := uploadForm(t, "huge.png", "image/png", noisePNG(t, 300, 300), "")
	req, _ := http.NewRequest("POST", env.URL+"/api/v1/sites/"+siteA+"/assets", io.MultiReader(bytes.NewReader(body)))
	req.Header.Set("Content-Type", ct)
	req.Header.Set("X-CSRF-Token", editor.CSRF)
	hres, err := editor.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	hb, _ := io.ReadAll(hres.Body)
	hres.Body.Close()
	if hres.StatusCode != 413 || !strings.Contains(string(hb), "asset.too_large") {
		t.Errorf("chunked oversize upload: %d %s", hres.StatusCode, hb)
	}
	if got := ids(list(viewer, siteA, "")); len(got) != 3 {
		t.Errorf("refused uploads changed the library: %v", got)
	}

	// Who may do what: Viewers read; Editors (and grants) write.
	wantProblem(t, upload(t, viewer, siteA, "v.png", "image/png", testPNG(t, 10, 10, 4), ""), 403, "access.denied")
	wantProblem(t, viewer.Do(t, "PATCH", "/api/v1/assets/"+jp.ID, map[string]string{"alt": "vandalised"}), 403, "access.denied")
	wantProblem(t, viewer.Do(t, "DELETE", "/api/v1/assets/"+jp.ID, nil), 403, "access.denied")
	// A Viewer given Editor on site A only: writes to A, not to B.
	scoped := env.CreateUser(t, "Sam Scoped", access.RoleViewer)
	admin.Do(t, "POST", "/api/v1/members/"+scoped.UserID+"/grants", map[string]string{"resourceType": "site", "resourceId": siteA, "role": "editor"}).Want(t, 200)
	upload(t, scoped, siteA, "s.png", "image/png", testPNG(t, 10, 10, 5), "").Want(t, 201)
	wantProblem(t, upload(t, scoped, siteB, "s.png", "image/png", testPNG(t, 10, 10, 5), ""), 403, "access.denied")
	scoped.Do(t, "PATCH", "/api/v1/assets/"+ic.ID, map[string]string{"alt": "Clinic icon"}).Want(t, 200)
	wantProblem(t, scoped.Do(t, "PATCH", "/api/v1/assets/"+inB.ID, map[string]string{"alt": "not yours"}), 403, "access.denied")
	if got := decode[assetBody](t, admin.Do(t, "GET", "/api/v1/assets/"+inB.ID, nil).Want(t, 200)); got.Alt != "" {
		t.Errorf("site B's asset changed through a site A grant: %+v", got)
	}
	// Site A's library never shows site B's assets, by any query.
	for _, q := range []string{"", "?q=flu"} {
		for _, a := range list(admin, siteA, q).Items {
			if a.ID == inB.ID || a.SiteID != siteA {
				t.Errorf("site A's list%s shows %s of site %s", q, a.ID, a.SiteID)
			}
		}
	}
	wantProblem(t, viewer.Do(t, "GET", "/api/v1/sites/"+randHex(8)+"/assets", nil), 404, "site.not_found")
	wantProblem(t, viewer.Do(t, "GET", "/api/v1/assets/"+randHex(8), nil), 404, "asset.not_found")

	// Every change is audited.
	audited := map[string]int{}
	for _, e := range auditEntries(t, admin, url.Values{"action": {"asset."}}) {
		audited[e.Action]++
		if e.Resource.Type != "asset" || e.Actor == nil {
			t.Errorf("audit entry %+v", e)
		}
	}
	if audited["asset.upload"] != 7 || audited["asset.update"] != 3 {
		t.Errorf("audited %v, want 7 uploads and 3 updates", audited)
	}

	// Deleting an asset removes it and, by a job, its files.
	prefix := "sites/" + siteA + "/assets/" + jp.ID + "/"
	if keys := blobKeys(t, env, prefix); len(keys) != 1+len(jp.Variants) {
		t.Fatalf("files of the JPEG: %v, want the original and %d variants (WebP copies included)", keys, len(jp.Variants))
	}
	editor.Do(t, "DELETE", "/api/v1/assets/"+jp.ID, nil).Want(t, 204)
	wantProblem(t, viewer.Do(t, "GET", "/api/v1/assets/"+jp.ID, nil), 404, "asset.not_found")
	wantProblem(t, viewer.Do(t, "GET", file, nil), 404, "asset.not_found")
	waitNoBlobs(t, env, prefix)
	if keys := blobKeys(t, env, "sites/"+siteA+"/assets/"+ic.ID+"/"); len(keys) != 1 {
		t.Errorf("another asset's files went too: %v", keys)
	}
	if audited := auditEntries(t, admin, url.Values{"action": {"asset.delete"}}); len(audited) != 1 || audited[0].Resource.ID != jp.ID {
		t.Errorf("asset.delete audit: %+v", audited)
	}

	// Deleting a site takes its assets and their files with it.
	admin.Do(t, "DELETE", "/api/v1/sites/"+siteB, nil).Want(t, 204)
	wantProblem(t, admin.Do(t, "GET", "/api/v1/assets/"+inB.ID, nil), 404, "asset.not_found")
	waitNoBlobs(t, env, "sites/"+siteB+"/")
}

func blobKeys(t testing.TB, env *apptest.Env, prefix string) []string {
	t.Helper()
	items, err := env.App.Blobs.List(t.Context(), prefix)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, it := range items {
		keys = append(keys, it.Key)
	}
	return keys
}

func waitNoBlobs(t testing.TB, env *apptest.Env, prefix string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for len(blobKeys(t, env, prefix)) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("files under %s remain after 20s: %v", prefix, blobKeys(t, env, prefix))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// asset uploads a small PNG to a fresh site as the admin, for the
// authorization matrix, and returns its id.
func (w *world) asset(t *testing.T) string {
	t.Helper()
	fx := w.fixture(t)
	return decode[idBody](t, upload(t, w.admin, fx.site, "matrix.png", "image/png", testPNG(t, 40, 20, 9), "").Want(t, 201)).ID
}

// mainVariants are an asset's JPEG or PNG variants, one per width; each
// WebP copy must follow the variant of its size and be smaller.
func mainVariants(t *testing.T, a assetBody) []struct {
	Width       int    `json:"width"`
	Height      int    `json:"height"`
	ContentType string `json:"contentType"`
	Size        int64  `json:"size"`
} {
	t.Helper()
	var out = a.Variants[:0:0]
	for i, v := range a.Variants {
		if v.ContentType != "image/webp" {
			out = append(out, v)
			continue
		}
		if i == 0 || a.Variants[i-1].ContentType == "image/webp" || a.Variants[i-1].Width != v.Width || a.Variants[i-1].Height != v.Height || v.Size >= a.Variants[i-1].Size {
			t.Errorf("WebP variant %d %+v does not follow a larger variant of its size", i, v)
		}
	}
	return out
}
