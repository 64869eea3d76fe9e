package httpapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/pagewright/pagewright/internal/asset"
	"github.com/pagewright/pagewright/internal/errs"
)

// Uploads are read by the handler itself, not by huma: huma would parse
// the whole multipart body (to disk, with no size limit) before the
// handler could check who is uploading, and it trusts the Content-Type
// the client declares for the file. Here the actor is authorised first,
// the body is capped at the upload limit, and the type comes from the
// bytes (asset.Service.Upload).

// formOverhead is what a multipart body may add to the file: boundaries,
// part headers and the alt text.
const formOverhead = 64 << 10

// uploadReadTimeout bounds how long a client may take to send an upload.
const uploadReadTimeout = 5 * time.Minute

// assetFileCSP forbids everything to a served file: opened on its own, an
// image cannot run anything or load anything, whatever it contains.
const assetFileCSP = "default-src 'none'; sandbox"

type assetOut struct{ Body asset.Asset }

type uploadAssetIn struct {
	Site string `path:"site" maxLength:"64"`

	body          io.Reader
	contentType   string
	contentLength int64
}

// Resolve keeps the raw body for the handler to read.
func (in *uploadAssetIn) Resolve(ctx huma.Context) []error {
	in.body, in.contentType = ctx.BodyReader(), ctx.Header("Content-Type")
	in.contentLength = -1
	if n, err := strconv.ParseInt(ctx.Header("Content-Length"), 10, 64); err == nil {
		in.contentLength = n
	}
	_ = ctx.SetReadDeadline(time.Now().Add(uploadReadTimeout))
	return nil
}

// registerUpload registers upload-asset and documents its multipart body,
// which huma must not parse (see above): the body is described after
// registration, so that huma does not read it.
func (s *server) registerUpload(api huma.API, o huma.Operation) {
	limit := s.Assets.Limit()
	o.Description = "Send multipart/form-data with a \"file\" field (a JPEG, PNG, GIF or WebP image of at most " + asset.FormatBytes(limit) +
		") and an optional \"alt\" field. The type is read from the file's content, never from its name or declared type; SVG is refused " +
		"(415 asset.unsupported_type), as is anything that is not one of those images. Larger files get 413 asset.too_large and images " +
		"over 40 megapixels 422 asset.too_many_pixels. Metadata (EXIF, GPS, XMP, comments) is stripped from the stored original; the " +
		"EXIF orientation is kept. The asset is \"processing\" until its smaller copies exist (\"ready\" at once when it is at most 320 " +
		"pixels wide). Content the site already has is not stored twice: the existing asset is returned, also with 201 and its own id, " +
		"and the alt text sent is ignored (change it with PATCH)."
	huma.Register(api, o, s.uploadAsset)
	maxAlt := asset.MaxAltRunes
	api.OpenAPI().Paths[o.Path].Post.RequestBody = &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{
		"multipart/form-data": {
			Schema: &huma.Schema{Type: huma.TypeObject, Required: []string{"file"}, Properties: map[string]*huma.Schema{
				"file": {Type: huma.TypeString, Format: "binary", Description: "The image"},
				"alt":  {Type: huma.TypeString, MaxLength: &maxAlt, Description: "Alt text; leave empty for a decorative image"},
			}},
			Encoding: map[string]*huma.Encoding{"file": {ContentType: "image/jpeg, image/png, image/gif, image/webp"}},
		},
	}}
}

func (s *server) uploadAsset(ctx context.Context, in *uploadAssetIn) (*assetOut, error) {
	// Who may upload is settled before a byte of the body is read.
	if err := s.Assets.CanUpload(ctx, in.Site); err != nil {
		return nil, fail(ctx, err)
	}
	limit := s.Assets.Limit()
	if in.contentLength > limit+formOverhead {
		return nil, fail(ctx, asset.TooLarge(limit))
	}
	up, err := readUpload(in.body, in.contentType, limit)
	if err != nil {
		return nil, fail(ctx, err)
	}
	a, _, err := s.Assets.Upload(ctx, in.Site, asset.UploadInput{Name: up.name, Alt: up.alt, Data: up.data})
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &assetOut{Body: a}, nil
}

type upload struct {
	name, alt string
	data      []byte
}

// readUpload reads the "file" and "alt" fields of a multipart form,
// holding at most limit bytes of file and formOverhead of the rest.
func readUpload(body io.Reader, contentType string, limit int64) (upload, error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return upload{}, errs.New(errs.KindUnsupportedMediaType, "request.unsupported_media_type",
			`Send the image as multipart/form-data, in a field named "file".`)
	}
	capped := &capReader{r: body, n: limit + formOverhead}
	bad := func(err error) error {
		if capped.exceeded {
			return asset.TooLarge(limit)
		}
		var ne interface{ Timeout() bool }
		if errors.As(err, &ne) && ne.Timeout() {
			return errs.New(errs.KindBadRequest, "request.timeout", "The upload took too long. Try again on a faster connection.")
		}
		return errs.New(errs.KindBadRequest, "request.malformed", "The upload is not a well-formed multipart form: "+err.Error())
	}
	mr := multipart.NewReader(capped, params["boundary"])
	var up upload
	gotFile := false
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return upload{}, bad(err)
		}
		switch p.FormName() {
		case "file":
			if gotFile {
				return upload{}, errs.Invalid("asset.invalid", "Send one file per upload.", errs.Field("file", "more than one file", nil))
			}
			data, err := io.ReadAll(io.LimitReader(p, limit+1))
			if err != nil {
				return upload{}, bad(err)
			}
			if int64(len(data)) > limit {
				return upload{}, asset.TooLarge(limit)
			}
			up.name, up.data, gotFile = p.FileName(), data, true
		case "alt":
			const maxBytes = 4 * asset.MaxAltRunes
			b, err := io.ReadAll(io.LimitReader(p, maxBytes+1))
			if err != nil {
				return upload{}, bad(err)
			}
			if len(b) > maxBytes {
				return upload{}, errs.Invalid("asset.invalid", fmt.Sprintf("Keep the alt text to %d characters or fewer.", asset.MaxAltRunes),
					errs.Field("alt", fmt.Sprintf("at most %d characters", asset.MaxAltRunes), nil))
			}
			up.alt = string(b)
		default:
			if _, err := io.Copy(io.Discard, p); err != nil {
				return upload{}, bad(err)
			}
		}
		_ = p.Close()
	}
	if !gotFile {
		return upload{}, errs.Invalid("asset.invalid", `Choose an image to upload (the form field "file").`,
			errs.Field("file", "required", nil))
	}
	return up, nil
}

// capReader reads at most n bytes and then reports whether the body had
// more, which is the difference between "too large" and "malformed".
type capReader struct {
	r        io.Reader
	n        int64
	exceeded bool
}

var errCapped = errors.New("upload larger than the limit")

func (c *capReader) Read(p []byte) (int, error) {
	if c.n <= 0 {
		var probe [1]byte
		k, err := c.r.Read(probe[:])
		if k > 0 {
			c.exceeded = true
			return 0, errCapped
		}
		return 0, err
	}
	if int64(len(p)) > c.n {
		p = p[:c.n]
	}
	k, err := c.r.Read(p)
	c.n -= int64(k)
	return k, err
}

type listAssetsIn struct {
	Site   string `path:"site" maxLength:"64"`
	Q      string `query:"q" maxLength:"200" doc:"Only assets whose name or alt text contains this (any case)"`
	Cursor string `query:"cursor" maxLength:"200" doc:"nextCursor from the previous page"`
	Limit  int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
}

func (s *server) listAssets(ctx context.Context, in *listAssetsIn) (*listOut[asset.Asset], error) {
	before, err := listIn{Cursor: in.Cursor, Limit: in.Limit}.after()
	if err != nil {
		return nil, fail(ctx, err)
	}
	items, err := s.Assets.List(ctx, in.Site, asset.Filter{Q: in.Q, BeforeID: before, Limit: in.Limit + 1})
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &listOut[asset.Asset]{}
	out.Body.Items, out.Body.NextCursor = pageOf(items, in.Limit, func(a asset.Asset) string { return a.ID })
	return out, nil
}

type assetIn struct {
	Asset string `path:"asset" maxLength:"64"`
}

func (s *server) getAsset(ctx context.Context, in *assetIn) (*assetOut, error) {
	a, err := s.Assets.Get(ctx, in.Asset)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &assetOut{Body: a}, nil
}

type updateAssetIn struct {
	Asset string `path:"asset" maxLength:"64"`
	Body  struct {
		Alt  *string `json:"alt,omitempty" maxLength:"1000" doc:"Alt text; empty for a decorative image"`
		Name *string `json:"name,omitempty" maxLength:"200"`
	}
}

func (s *server) updateAsset(ctx context.Context, in *updateAssetIn) (*assetOut, error) {
	a, err := s.Assets.Update(ctx, in.Asset, asset.Input{Alt: in.Body.Alt, Name: in.Body.Name})
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &assetOut{Body: a}, nil
}

func (s *server) deleteAsset(ctx context.Context, in *assetIn) (*struct{}, error) {
	if err := s.Assets.Delete(ctx, in.Asset); err != nil {
		return nil, fail(ctx, err)
	}
	return nil, nil
}

type assetFileIn struct {
	Asset       string `path:"asset" maxLength:"64"`
	W           int    `query:"w" minimum:"0" maximum:"100000" doc:"The width the image is shown at: the smallest variant at least this wide is sent, or the original when there is none"`
	IfNoneMatch string `header:"If-None-Match" maxLength:"1000"`
}

// assetFile sends an asset's bytes. Names and alt text change without
// changing the bytes, but a variant may appear after the first request
// (while the asset is processing the original is sent for every width),
// so the answer is cached briefly and revalidated by its ETag.
func (s *server) assetFile(ctx context.Context, in *assetFileIn) (*huma.StreamResponse, error) {
	f, err := s.Assets.File(ctx, in.Asset, in.W)
	if err != nil {
		return nil, fail(ctx, err)
	}
	etag := `"` + f.SHA256 + `"`
	headers := func(hctx huma.Context) {
		hctx.SetHeader("ETag", etag)
		hctx.SetHeader("Cache-Control", "private, max-age=300")
		hctx.SetHeader("X-Content-Type-Options", "nosniff")
		hctx.SetHeader("Content-Security-Policy", assetFileCSP)
	}
	if etagMatches(in.IfNoneMatch, etag) {
		return &huma.StreamResponse{Body: func(hctx huma.Context) {
			headers(hctx)
			hctx.SetStatus(http.StatusNotModified)
		}}, nil
	}
	rc, err := f.Open(ctx)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &huma.StreamResponse{Body: func(hctx huma.Context) {
		defer rc.Close()
		headers(hctx)
		hctx.SetHeader("Content-Type", f.ContentType)
		hctx.SetHeader("Content-Length", strconv.FormatInt(f.Size, 10))
		if cd := mime.FormatMediaType("inline", map[string]string{"filename": f.Name}); cd != "" {
			hctx.SetHeader("Content-Disposition", cd)
		}
		hctx.SetStatus(http.StatusOK)
		_, _ = io.Copy(hctx.BodyWriter(), rc)
	}}, nil
}

// etagMatches is If-None-Match's weak comparison against one strong ETag.
func etagMatches(header, etag string) bool {
	for t := range strings.SplitSeq(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

// assetFileOp documents the bytes an asset file request answers with.
func assetFileOp(o huma.Operation) huma.Operation {
	content := map[string]*huma.MediaType{}
	for _, t := range []string{"image/jpeg", "image/png", "image/gif", "image/webp"} {
		content[t] = &huma.MediaType{Schema: &huma.Schema{Type: huma.TypeString, Format: "binary"}}
	}
	str := &huma.Schema{Type: huma.TypeString}
	o.Description = "The original without w; with w, the smallest variant at least w pixels wide (the original when there is none, " +
		"e.g. while the asset is processing). Sent with an ETag (the SHA-256 of the bytes; If-None-Match answers 304), " +
		"Cache-Control private, max-age=300, and a Content-Security-Policy that forbids everything."
	o.Responses = map[string]*huma.Response{
		"200": {Description: "The image", Content: content, Headers: map[string]*huma.Param{
			"ETag": {Schema: str}, "Cache-Control": {Schema: str}, "Content-Security-Policy": {Schema: str}}},
		"304": {Description: "Not modified: the ETag in If-None-Match is current"},
	}
	return o
}

// assetDeleteOp says what happens to the files.
func assetDeleteOp(o huma.Operation) huma.Operation {
	o.Description = "The asset is gone at once; its files (original and variants) are removed from storage by a background job " +
		"(asset.purge) queued in the same transaction."
	return o
}
