// Package asset keeps each site's image library: uploads checked from their
// content and stripped of metadata, alt text, search, and the responsive
// variants a background job makes after each upload.
package asset

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/imaging"
)

// Asset statuses: processing until the variants exist, then ready; failed
// when they cannot be made (the original is still served).
const (
	StatusProcessing = "processing"
	StatusReady      = "ready"
	StatusFailed     = "failed"
)

// Asset is one uploaded image.
type Asset struct {
	ID          string         `json:"id"`
	SiteID      string         `json:"siteId"`
	Name        string         `json:"name"`
	ContentType string         `json:"contentType" enum:"image/jpeg,image/png,image/gif,image/webp"`
	Size        int64          `json:"size" doc:"Bytes of the stored original"`
	Width       int            `json:"width" doc:"As displayed (after EXIF orientation)"`
	Height      int            `json:"height"`
	Alt         string         `json:"alt"`
	SHA256      string         `json:"sha256" doc:"Hex SHA-256 of the stored original; also its ETag"`
	Status      string         `json:"status" enum:"processing,ready,failed"`
	Error       string         `json:"error,omitempty" doc:"Why the variants could not be made (status failed)"`
	Variants    []ImageVariant `json:"variants" doc:"Smaller copies, ascending by width; a width may also have a WebP copy (contentType image/webp) right after its JPEG or PNG, when that is smaller"`
	URL         string         `json:"url" doc:"GET it for the bytes; add ?w= for a variant"`
	CreatedAt   time.Time      `json:"createdAt"`
	CreatedBy   string         `json:"createdBy" doc:"User id of the uploader"`
	UpdatedAt   time.Time      `json:"updatedAt"`
}

// ImageVariant is a resized copy of an asset: the JPEG or PNG of its
// width, or the WebP copy of the same pixels made beside it.
type ImageVariant struct {
	Width       int    `json:"width"`
	Height      int    `json:"height"`
	ContentType string `json:"contentType"`
	Size        int64  `json:"size"`
	// SHA256 is the variant's ETag; stored, not part of the API.
	SHA256 string `json:"-"`
}

// VariantWidths are the responsive widths made of every image wider than
// them.
var VariantWidths = []int{320, 640, 960, 1280, 1920}

// Limits.
const (
	DefaultMaxBytes = 20 << 20
	MaxNameRunes    = 200
	MaxAltRunes     = 1000
)

// Filter selects a page of a site's assets.
type Filter struct {
	Q        string // case-insensitive substring of the name or alt text
	BeforeID string // cursor: assets created before this one
	Limit    int
}

// Store persists assets. CreateAsset also queues the variants job (when
// the asset is processing) and DeleteAsset the removal of its files, in
// the same transaction as the row and the audit entry.
type Store interface {
	GetAsset(ctx context.Context, id string) (Asset, error)
	// FindAssetBySHA returns the site's asset with that content hash, or
	// errs.ErrNoRows.
	FindAssetBySHA(ctx context.Context, siteID, sha string) (Asset, error)
	// ListAssets returns up to f.Limit assets of a site, newest first.
	ListAssets(ctx context.Context, siteID string, f Filter) ([]Asset, error)
	// CreateAsset returns errs.ErrDuplicate when the site already has the
	// content (siteID, SHA256) and errs.ErrNoRows when the site is gone.
	CreateAsset(ctx context.Context, a Asset, e audit.Entry) error
	// UpdateAsset saves the name, alt text and updated time.
	UpdateAsset(ctx context.Context, a Asset, e audit.Entry) error
	DeleteAsset(ctx context.Context, id string, e audit.Entry) error
	// SetAssetVariants records the outcome of the variants job; it returns
	// errs.ErrNoRows when the asset was deleted meanwhile.
	SetAssetVariants(ctx context.Context, id string, variants []ImageVariant, status, reason string) error
}

// Sites tells whether a site exists (the asset service's one need of sites).
type Sites interface {
	SiteName(ctx context.Context, id string) (string, error)
}

// Blobs stores the files.
type Blobs interface {
	Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error
	Get(ctx context.Context, key string) (io.ReadCloser, error)
	Delete(ctx context.Context, key string) error
}

// Service implements the asset operations with access checks and audit.
// Reading needs the site's page:view (Viewers); uploading, editing and
// deleting need page:edit on the site (Editors), as page work does.
type Service struct {
	Store Store
	Sites Sites
	Blobs Blobs
	Auth  access.Authorizer
	Now   func() time.Time
	// MaxBytes is the upload limit (DefaultMaxBytes when zero).
	MaxBytes int64
	// MaxPixels refuses larger images before decoding them
	// (imaging.DefaultMaxPixels when zero).
	MaxPixels int64
}

// Limit is the upload limit in bytes.
func (s *Service) Limit() int64 {
	if s == nil || s.MaxBytes <= 0 {
		return DefaultMaxBytes
	}
	return s.MaxBytes
}

func (s *Service) maxPixels() int64 {
	if s.MaxPixels <= 0 {
		return imaging.DefaultMaxPixels
	}
	return s.MaxPixels
}

// OriginalKey is where an asset's stored original lives in the blob store.
func OriginalKey(siteID, id string) string { return Prefix(siteID, id) + "original" }

// VariantKey is where the (JPEG or PNG) variant of an asset of that width
// lives.
func VariantKey(siteID, id string, width int) string {
	return fmt.Sprintf("%sw%d", Prefix(siteID, id), width)
}

// WebPType is the content type of the WebP copies of variants.
const WebPType = string(imaging.WebP)

// VariantFileKey is where the variant of that width and content type
// lives: VariantKey for the JPEG or PNG, so that assets stored before
// WebP copies existed keep their keys, and the same with ".webp" for the
// WebP copy of that width.
func VariantFileKey(siteID, id string, width int, contentType string) string {
	if contentType == WebPType {
		return VariantKey(siteID, id, width) + ".webp"
	}
	return VariantKey(siteID, id, width)
}

// IsWebP reports whether v is the WebP copy of its width rather than the
// JPEG or PNG every browser reads.
func (v ImageVariant) IsWebP() bool { return v.ContentType == WebPType }

// Prefix holds every file of an asset. Everything of a site is under
// "sites/<siteId>/", which the site purge removes.
func Prefix(siteID, id string) string { return "sites/" + siteID + "/assets/" + id + "/" }

// URL is where the API serves an asset's bytes.
func URL(id string) string { return "/api/v1/assets/" + id + "/file" }

// UploadInput is one uploaded file.
type UploadInput struct {
	Name string // the file name the client sent; only its base name is kept
	Alt  string
	Data []byte
}

// CanUpload checks the actor may upload to the site, so the HTTP layer can
// refuse before reading a byte of the body.
func (s *Service) CanUpload(ctx context.Context, siteID string) error {
	_, err := s.site(ctx, siteID, access.PageEdit)
	return err
}

// Upload stores an image in the site's library. Its type comes from its
// content alone; its metadata is stripped. Content the site already has
// returns the existing asset (created is false) and changes nothing.
func (s *Service) Upload(ctx context.Context, siteID string, in UploadInput) (a Asset, created bool, err error) {
	if _, err := s.site(ctx, siteID, access.PageEdit); err != nil {
		return Asset{}, false, err
	}
	if int64(len(in.Data)) > s.Limit() {
		return Asset{}, false, TooLarge(s.Limit())
	}
	if utf8.RuneCountInString(in.Alt) > MaxAltRunes || !utf8.ValidString(in.Alt) {
		return Asset{}, false, errs.Invalid("asset.invalid", fmt.Sprintf("Keep the alt text to %d characters or fewer.", MaxAltRunes),
			errs.Field("alt", fmt.Sprintf("at most %d characters", MaxAltRunes), nil))
	}
	info, err := imaging.Probe(in.Data, s.maxPixels())
	if err != nil {
		return Asset{}, false, probeError(err)
	}
	stored, err := imaging.Strip(in.Data, info.Format)
	if err != nil {
		return Asset{}, false, probeError(err)
	}
	sum := sha256.Sum256(stored)
	sha := hex.EncodeToString(sum[:])
	if existing, err := s.Store.FindAssetBySHA(ctx, siteID, sha); err == nil {
		return existing, false, nil
	} else if !errors.Is(err, errs.ErrNoRows) {
		return Asset{}, false, err
	}

	now := s.Now().UTC().Truncate(time.Microsecond)
	a = Asset{ID: uuid.Must(uuid.NewV7()).String(), SiteID: siteID, Name: CleanName(in.Name, info.Format),
		ContentType: string(info.Format), Size: int64(len(stored)), Width: info.Width, Height: info.Height,
		Alt: strings.TrimSpace(in.Alt), SHA256: sha, Status: StatusReady, Variants: []ImageVariant{}, CreatedAt: now, UpdatedAt: now}
	if len(imaging.Plan(info.Width, VariantWidths)) > 0 {
		a.Status = StatusProcessing
	}
	if actor := access.ActorFrom(ctx); actor != nil {
		a.CreatedBy = actor.UserID
	}
	a.URL = URL(a.ID)
	key := OriginalKey(siteID, a.ID)
	if err := s.Blobs.Put(ctx, key, bytes.NewReader(stored), int64(len(stored)), a.ContentType); err != nil {
		return Asset{}, false, errs.Internal(fmt.Errorf("store original: %w", err))
	}
	e := audit.NewEntry(ctx, "asset.upload", "asset", a.ID, a.Name, audit.CategoryData, audit.SeverityLow)
	e.Changes = &audit.Changes{After: map[string]any{"siteId": siteID, "name": a.Name, "contentType": a.ContentType,
		"size": a.Size, "width": a.Width, "height": a.Height, "sha256": a.SHA256, "alt": a.Alt}}
	err = s.Store.CreateAsset(ctx, a, e)
	if err != nil {
		// The row is not there: the file must not stay either.
		_ = s.Blobs.Delete(context.WithoutCancel(ctx), key)
	}
	switch {
	case errors.Is(err, errs.ErrDuplicate):
		// The same content, uploaded at the same moment: theirs won.
		existing, ferr := s.Store.FindAssetBySHA(ctx, siteID, sha)
		if ferr != nil {
			return Asset{}, false, ferr
		}
		return existing, false, nil
	case errors.Is(err, errs.ErrNoRows):
		return Asset{}, false, errs.NotFound("site")
	case err != nil:
		return Asset{}, false, err
	}
	return a, true, nil
}

// List returns a page of a site's assets, newest first.
func (s *Service) List(ctx context.Context, siteID string, f Filter) ([]Asset, error) {
	if _, err := s.site(ctx, siteID, access.PageView); err != nil {
		return nil, err
	}
	f.Q = strings.TrimSpace(f.Q)
	as, err := s.Store.ListAssets(ctx, siteID, f)
	if err != nil {
		return nil, err
	}
	if as == nil {
		as = []Asset{}
	}
	return as, nil
}

// Get returns one asset.
func (s *Service) Get(ctx context.Context, id string) (Asset, error) {
	return s.load(ctx, id, access.PageView)
}

// Input holds the editable fields; nil means unchanged.
type Input struct {
	Name *string
	Alt  *string
}

// Update changes an asset's name or alt text.
func (s *Service) Update(ctx context.Context, id string, in Input) (Asset, error) {
	a, err := s.load(ctx, id, access.PageEdit)
	if err != nil {
		return Asset{}, err
	}
	before := fields(a)
	var fe []errs.FieldError
	if in.Name != nil {
		// A display name: folders are not stripped here, but it gets no
		// control characters either.
		n := strings.TrimSpace(visible(*in.Name))
		if n == "" || utf8.RuneCountInString(n) > MaxNameRunes {
			fe = append(fe, errs.Field("name", fmt.Sprintf("Enter a name (up to %d characters).", MaxNameRunes), *in.Name))
		}
		a.Name = n
	}
	if in.Alt != nil {
		if utf8.RuneCountInString(*in.Alt) > MaxAltRunes || !utf8.ValidString(*in.Alt) {
			fe = append(fe, errs.Field("alt", fmt.Sprintf("Keep the alt text to %d characters or fewer.", MaxAltRunes), nil))
		}
		a.Alt = strings.TrimSpace(*in.Alt)
	}
	if len(fe) > 0 {
		return Asset{}, errs.Invalid("asset.invalid", "Some fields need attention: "+fe[0].Message, fe...)
	}
	a.UpdatedAt = s.Now().UTC().Truncate(time.Microsecond)
	e := audit.NewEntry(ctx, "asset.update", "asset", a.ID, a.Name, audit.CategoryData, audit.SeverityLow)
	e.Changes = &audit.Changes{Before: before, After: fields(a)}
	if err := s.Store.UpdateAsset(ctx, a, e); err != nil {
		return Asset{}, translate(err)
	}
	return a, nil
}

// Delete removes an asset. Its files are removed by a job queued in the
// same transaction (asset.purge), so they go if and only if the row did.
func (s *Service) Delete(ctx context.Context, id string) error {
	a, err := s.load(ctx, id, access.PageEdit)
	if err != nil {
		return err
	}
	e := audit.NewEntry(ctx, "asset.delete", "asset", a.ID, a.Name, audit.CategoryData, audit.SeverityMedium)
	e.Changes = &audit.Changes{Before: map[string]any{"siteId": a.SiteID, "name": a.Name, "alt": a.Alt, "sha256": a.SHA256, "size": a.Size}}
	return translate(s.Store.DeleteAsset(ctx, id, e))
}

// File is the stored file to serve for a request.
type File struct {
	ContentType string
	Size        int64
	SHA256      string
	Width       int
	Name        string
	key         string
	blobs       Blobs
}

// Open opens the file's bytes; the caller closes them.
func (f File) Open(ctx context.Context) (io.ReadCloser, error) {
	rc, err := f.blobs.Get(ctx, f.key)
	if err != nil {
		return nil, errs.Internal(fmt.Errorf("open %s: %w", f.key, err))
	}
	return rc, nil
}

// File picks what to serve for a request of width w: with w > 0 the
// smallest JPEG or PNG variant at least that wide, else (or when there is
// none) the original. The WebP copies are left out: a ?w= URL names a
// width, not a format, and keeps serving what it served before they
// existed (the editor and thumbnails use it; published sites link the
// WebP files themselves).
func (s *Service) File(ctx context.Context, id string, w int) (File, error) {
	a, err := s.load(ctx, id, access.PageView)
	if err != nil {
		return File{}, err
	}
	f := File{ContentType: a.ContentType, Size: a.Size, SHA256: a.SHA256, Width: a.Width, Name: a.Name,
		key: OriginalKey(a.SiteID, a.ID), blobs: s.Blobs}
	if w > 0 {
		vs := slices.Clone(a.Variants)
		slices.SortFunc(vs, func(x, y ImageVariant) int { return x.Width - y.Width })
		for _, v := range vs {
			if v.Width >= w && v.SHA256 != "" && !v.IsWebP() {
				return File{ContentType: v.ContentType, Size: v.Size, SHA256: v.SHA256, Width: v.Width, Name: a.Name,
					key: VariantKey(a.SiteID, a.ID, v.Width), blobs: s.Blobs}, nil
			}
		}
	}
	return f, nil
}

// MakeVariants is the variants job's work: it reads the original, makes
// the responsive widths (each with a WebP copy when that is smaller),
// stores them and marks the asset ready. A picture
// that cannot be decoded marks it failed (and is not retried); an error
// from storage is returned for the job to retry.
func (s *Service) MakeVariants(ctx context.Context, id string) error {
	a, err := s.Store.GetAsset(ctx, id)
	if errors.Is(err, errs.ErrNoRows) {
		return nil // deleted before its turn
	}
	if err != nil {
		return err
	}
	if a.Status != StatusProcessing {
		return nil // done already (a retried job)
	}
	rc, err := s.Blobs.Get(ctx, OriginalKey(a.SiteID, a.ID))
	if err != nil {
		return fmt.Errorf("read original of asset %s: %w", id, err)
	}
	data, err := io.ReadAll(io.LimitReader(rc, max(s.Limit(), a.Size)+1))
	rc.Close()
	if err != nil {
		return fmt.Errorf("read original of asset %s: %w", id, err)
	}
	made, err := imaging.Variants(data, VariantWidths, s.maxPixels())
	if err != nil {
		return s.FailVariants(ctx, id, "The image could not be decoded to make smaller copies: "+err.Error())
	}
	vs := make([]ImageVariant, len(made))
	var keys []string
	for i, m := range made {
		sum := sha256.Sum256(m.Data)
		vs[i] = ImageVariant{Width: m.Width, Height: m.Height, ContentType: m.ContentType, Size: int64(len(m.Data)), SHA256: hex.EncodeToString(sum[:])}
		key := VariantFileKey(a.SiteID, a.ID, m.Width, m.ContentType)
		if err := s.Blobs.Put(ctx, key, bytes.NewReader(m.Data), int64(len(m.Data)), m.ContentType); err != nil {
			return fmt.Errorf("store variant %s: %w", key, err)
		}
		keys = append(keys, key)
	}
	err = s.Store.SetAssetVariants(ctx, id, vs, StatusReady, "")
	if errors.Is(err, errs.ErrNoRows) {
		// Deleted while we worked: its purge may have run before our
		// files existed, so remove them here.
		for _, k := range keys {
			_ = s.Blobs.Delete(ctx, k)
		}
		return nil
	}
	return err
}

// FailVariants marks an asset whose variants cannot be made; the original
// is still served.
func (s *Service) FailVariants(ctx context.Context, id, reason string) error {
	if err := s.Store.SetAssetVariants(ctx, id, []ImageVariant{}, StatusFailed, reason); err != nil && !errors.Is(err, errs.ErrNoRows) {
		return err
	}
	return nil
}

func (s *Service) load(ctx context.Context, id string, action access.Action) (Asset, error) {
	if !access.ActorFrom(ctx).Authenticated() {
		return Asset{}, errs.New(errs.KindUnauthenticated, "auth.unauthenticated", "Sign in to continue.")
	}
	a, err := s.Store.GetAsset(ctx, id)
	if err != nil {
		return Asset{}, translate(err)
	}
	return a, s.Auth.Authorize(ctx, action, access.Site(a.SiteID), a.Name)
}

func (s *Service) site(ctx context.Context, siteID string, action access.Action) (string, error) {
	if !access.ActorFrom(ctx).Authenticated() {
		return "", errs.New(errs.KindUnauthenticated, "auth.unauthenticated", "Sign in to continue.")
	}
	name, err := s.Sites.SiteName(ctx, siteID)
	if errors.Is(err, errs.ErrNoRows) {
		return "", errs.NotFound("site")
	}
	if err != nil {
		return "", err
	}
	return name, s.Auth.Authorize(ctx, action, access.Site(siteID), name)
}

// CleanName keeps the base name of an uploaded file name (no folders, no
// control characters, at most MaxNameRunes), or names it after its format
// when nothing is left.
func CleanName(name string, f imaging.Format) string {
	name = strings.ReplaceAll(name, `\`, "/")
	name = path.Base(strings.TrimRight(strings.TrimSpace(name), "/"))
	name = strings.TrimSpace(visible(name))
	if name == "." || name == "/" || name == ".." {
		name = ""
	}
	if utf8.RuneCountInString(name) > MaxNameRunes {
		// Keep the extension: "a very long … name.jpg".
		ext := path.Ext(name)
		if utf8.RuneCountInString(ext) > 16 {
			ext = ""
		}
		r := []rune(strings.TrimSuffix(name, ext))
		name = strings.TrimSpace(string(r[:MaxNameRunes-utf8.RuneCountInString(ext)])) + ext
	}
	if name == "" && f != "" {
		name = "image." + strings.TrimPrefix(string(f), "image/")
	}
	return name
}

// visible drops control characters (newlines, NUL, escape sequences),
// bidirectional overrides (which can make "x\u202egpj.exe" display as
// "xexe.jpg") and invalid UTF-8.
func visible(s string) string {
	return strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return -1
		}
		return r
	}, s)
}

// TooLarge is the error for an upload over the limit, naming it.
func TooLarge(limit int64) error {
	return errs.New(errs.KindTooLarge, "asset.too_large",
		"The file is larger than the upload limit of "+FormatBytes(limit)+". Make it smaller and try again.")
}

// FormatBytes writes a size for people: 20 MiB, 512 KiB, 100 bytes.
func FormatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// probeError turns what imaging found into the error the client sees.
func probeError(err error) error {
	var tm *imaging.TooManyPixelsError
	switch {
	case errors.As(err, &tm):
		return errs.Invalid("asset.too_many_pixels", fmt.Sprintf("The image is %d × %d pixels (%.1f megapixels); the limit is %.0f megapixels. Make it smaller and try again.",
			tm.Width, tm.Height, float64(tm.Width)*float64(tm.Height)/1e6, float64(tm.Max)/1e6))
	case errors.Is(err, imaging.ErrSVG):
		return unsupported("SVG images are not accepted: an SVG file can carry scripts. Export it as PNG or WebP instead.")
	case errors.Is(err, imaging.ErrCorrupt):
		return unsupported("The file looks like an image but is damaged or incomplete, so it cannot be used.")
	case errors.Is(err, imaging.ErrUnsupported):
		return unsupported("The file is not a JPEG, PNG, GIF or WebP image (whatever its name says).")
	}
	return errs.Internal(err)
}

func unsupported(msg string) error {
	return errs.New(errs.KindUnsupportedMediaType, "asset.unsupported_type", msg)
}

func translate(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, errs.ErrNoRows):
		return errs.NotFound("asset")
	}
	return err
}

func fields(a Asset) map[string]any { return map[string]any{"name": a.Name, "alt": a.Alt} }
