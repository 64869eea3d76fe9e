package blob

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	"github.com/minio/minio-go/v7/pkg/s3utils"
)

const (
	defaultS3Endpoint = "s3.amazonaws.com"
	// smallUnknownMax is how much of an unknown-size upload is buffered
	// in the hope that it ends; most assets do, and then go out as one
	// cheap PUT with a known length instead of a multipart upload.
	smallUnknownMax = 5 << 20
	// unknownPartSize caps the per-upload buffer for larger unknown-size
	// uploads. minio-go would otherwise size parts for a 5 TiB object and
	// allocate over 500 MiB per upload. 16 MiB parts allow objects up to
	// 160 GiB, far beyond any asset or build artifact.
	unknownPartSize = 16 << 20
)

// s3Config is never formatted into messages because it holds credentials.
type s3Config struct {
	bucket       string
	endpoint     string
	region       string
	secure       bool
	lookup       minio.BucketLookupType
	accessKey    string
	secretKey    string
	sessionToken string
}

// parseS3URL parses everything after "s3://". It splits the user info off
// at the last '@' by hand instead of leaving it to net/url, because real
// secrets often contain unescaped '/' or '+', which net/url would
// misparse, and its errors would then quote fragments of the secret.
// Errors from here never contain the user info.
func parseS3URL(rest string) (s3Config, error) {
	cfg := s3Config{endpoint: defaultS3Endpoint, secure: true, lookup: minio.BucketLookupAuto}
	userinfo, hasUser := "", false
	if at := strings.LastIndexByte(rest, '@'); at >= 0 {
		userinfo, rest, hasUser = rest[:at], rest[at+1:], true
	}
	u, err := url.Parse("s3://" + rest)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the rest of url.Error just repeats the URL
		}
		return cfg, err
	}
	switch {
	case u.Host == "":
		return cfg, errors.New("missing bucket name (want s3://bucket?endpoint=...)")
	case u.Port() != "":
		return cfg, errors.New("bucket name must not have a port; set the endpoint parameter instead")
	case u.Path != "" && u.Path != "/":
		return cfg, errors.New("key prefixes in the path are not supported; use a dedicated bucket")
	case u.Fragment != "":
		return cfg, errors.New("fragments are not supported")
	}
	cfg.bucket = u.Host
	if err := s3utils.CheckValidBucketName(cfg.bucket); err != nil {
		return cfg, fmt.Errorf("bucket %q: %w", cfg.bucket, err)
	}

	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return cfg, fmt.Errorf("query: %w", err)
	}
	// Unknown parameters are errors so that a typo such as "pathstyle"
	// fails loudly instead of silently using the default.
	for k, v := range q {
		switch k {
		case "endpoint", "region", "secure", "path_style":
		default:
			return cfg, fmt.Errorf("unknown parameter %q (known: endpoint, region, secure, path_style)", k)
		}
		if len(v) > 1 {
			return cfg, fmt.Errorf("parameter %q given more than once", k)
		}
	}
	if q.Has("endpoint") {
		cfg.endpoint = q.Get("endpoint")
		if cfg.endpoint == "" || strings.ContainsAny(cfg.endpoint, "/@") {
			return cfg, fmt.Errorf("endpoint %q must be host or host:port; use secure=false for plain HTTP", cfg.endpoint)
		}
	}
	cfg.region = q.Get("region")
	if q.Has("secure") {
		if cfg.secure, err = strconv.ParseBool(q.Get("secure")); err != nil {
			return cfg, fmt.Errorf("secure=%q is not a boolean", q.Get("secure"))
		}
	}
	if q.Has("path_style") {
		pathStyle, err := strconv.ParseBool(q.Get("path_style"))
		if err != nil {
			return cfg, fmt.Errorf("path_style=%q is not a boolean", q.Get("path_style"))
		}
		cfg.lookup = minio.BucketLookupDNS
		if pathStyle {
			cfg.lookup = minio.BucketLookupPath
		}
	}

	if !hasUser {
		cfg.accessKey = os.Getenv("AWS_ACCESS_KEY_ID")
		cfg.secretKey = os.Getenv("AWS_SECRET_ACCESS_KEY")
		cfg.sessionToken = os.Getenv("AWS_SESSION_TOKEN")
		return cfg, nil
	}
	key, secret, ok := strings.Cut(userinfo, ":")
	if !ok || key == "" || secret == "" {
		return cfg, errors.New("credentials must be given as KEY:SECRET")
	}
	if cfg.accessKey, err = url.PathUnescape(key); err != nil {
		return cfg, errors.New("access key contains an invalid percent-escape")
	}
	if cfg.secretKey, err = url.PathUnescape(secret); err != nil {
		return cfg, errors.New("secret key contains an invalid percent-escape")
	}
	return cfg, nil
}

// s3Store keeps objects in an S3-compatible bucket.
type s3Store struct {
	client *minio.Client
	bucket string
}

func newS3Store(cfg s3Config) (*s3Store, error) {
	client, err := minio.New(cfg.endpoint, &minio.Options{
		Creds:        credentials.NewStaticV4(cfg.accessKey, cfg.secretKey, cfg.sessionToken),
		Secure:       cfg.secure,
		Region:       cfg.region,
		BucketLookup: cfg.lookup,
	})
	if err != nil {
		return nil, fmt.Errorf("blob: s3 client for endpoint %q: %w", cfg.endpoint, err)
	}
	return &s3Store{client: client, bucket: cfg.bucket}, nil
}

// s3Err maps S3's NoSuchKey onto ErrNotFound so callers need not know
// which backend they are talking to.
func s3Err(op, key string, err error) error {
	if isNoSuchKey(err) {
		return fmt.Errorf("%w: %q", ErrNotFound, key)
	}
	return fmt.Errorf("blob: %s %q: %w", op, key, err)
}

func isNoSuchKey(err error) bool {
	var resp minio.ErrorResponse
	return errors.As(err, &resp) && resp.Code == minio.NoSuchKey
}

func infoFromS3(key string, oi minio.ObjectInfo) Info {
	return Info{Key: key, Size: oi.Size, ContentType: oi.ContentType, ETag: oi.ETag, ModTime: oi.LastModified}
}

// Put relies on S3 PUTs being atomic: a failed request or aborted
// multipart upload never becomes visible. The returned ModTime is the
// local clock when the server does not report one; Stat gives the
// server's value.
func (s *s3Store) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) (Info, error) {
	if err := ValidKey(key); err != nil {
		return Info{}, err
	}
	ct, err := normContentType(contentType)
	if err != nil {
		return Info{}, err
	}
	opts := minio.PutObjectOptions{ContentType: ct}
	switch {
	case size < 0:
		head, err := io.ReadAll(io.LimitReader(ctxReader{ctx: ctx, r: r}, smallUnknownMax+1))
		if err != nil {
			return Info{}, fmt.Errorf("blob: put %q: %w", key, err)
		}
		if len(head) <= smallUnknownMax {
			r, size = bytes.NewReader(head), int64(len(head))
		} else {
			r = io.MultiReader(bytes.NewReader(head), r)
			opts.PartSize = unknownPartSize
		}
	case size == 0:
		// minio-go never reads an empty body, so check for surplus here.
		if _, err := newExactReader(r, 0).Read(nil); err != io.EOF {
			return Info{}, fmt.Errorf("blob: put %q: %w", key, err)
		}
		r = bytes.NewReader(nil)
	default:
		r = newExactReader(r, size)
	}
	if size == 0 {
		// Over plain HTTP minio-go signs uploads as an aws-chunked stream,
		// and for an empty body that request carries no Content-Length,
		// which servers reject. An empty payload has nothing to protect.
		opts.DisableContentSha256 = true
	}
	ui, err := s.client.PutObject(ctx, s.bucket, key, r, size, opts)
	if err != nil {
		return Info{}, s3Err("put", key, err)
	}
	mod := ui.LastModified
	if mod.IsZero() {
		mod = time.Now()
	}
	return Info{Key: key, Size: ui.Size, ContentType: ct, ETag: ui.ETag, ModTime: mod}, nil
}

// Get stats the object before returning because minio-go's GetObject is
// lazy and would otherwise report a missing key only on the first Read.
// The returned reader issues requests under ctx, so ctx must stay live
// until the reader is closed.
func (s *s3Store) Get(ctx context.Context, key string) (io.ReadCloser, Info, error) {
	if err := ValidKey(key); err != nil {
		return nil, Info{}, err
	}
	obj, err := s.client.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, Info{}, s3Err("get", key, err)
	}
	oi, err := obj.Stat()
	if err != nil {
		_ = obj.Close()
		return nil, Info{}, s3Err("get", key, err)
	}
	return obj, infoFromS3(key, oi), nil
}

func (s *s3Store) Stat(ctx context.Context, key string) (Info, error) {
	if err := ValidKey(key); err != nil {
		return Info{}, err
	}
	oi, err := s.client.StatObject(ctx, s.bucket, key, minio.StatObjectOptions{})
	if err != nil {
		return Info{}, s3Err("stat", key, err)
	}
	return infoFromS3(key, oi), nil
}

func (s *s3Store) Delete(ctx context.Context, key string) error {
	if err := ValidKey(key); err != nil {
		return err
	}
	// S3 already answers 204 for missing keys; the mapping covers
	// compatible servers that report NoSuchKey instead.
	err := s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{})
	if err != nil && !isNoSuchKey(err) {
		return fmt.Errorf("blob: delete %q: %w", key, err)
	}
	return nil
}

// List skips keys that ValidKey rejects: objects written to the bucket
// by other tools could not be read back through this package anyway, and
// the directory store skips such names too.
func (s *s3Store) List(ctx context.Context, prefix string) ([]Info, error) {
	if !prefixCanMatch(prefix) {
		return nil, nil
	}
	// The iterator's producer stops only when its context ends, so a
	// private context guarantees it is released on an early return.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var out []Info
	for oi := range s.client.ListObjectsIter(ctx, s.bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if oi.Err != nil {
			return nil, fmt.Errorf("blob: list %q: %w", prefix, oi.Err)
		}
		if ValidKey(oi.Key) != nil {
			continue
		}
		info := infoFromS3(oi.Key, oi)
		info.ContentType = "" // not in listings; cleared in case a server adds it
		out = append(out, info)
	}
	// minio-go ends the iteration silently when the context is done, which
	// would pass off a truncated listing as complete.
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("blob: list %q: %w", prefix, err)
	}
	// S3 promises key order, but some compatible servers do not keep it.
	slices.SortFunc(out, func(a, b Info) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}

// Ping checks that the bucket exists, which also proves the endpoint is
// reachable and the credentials are accepted.
func (s *s3Store) Ping(ctx context.Context) error {
	ok, err := s.client.BucketExists(ctx, s.bucket)
	if err != nil {
		return fmt.Errorf("blob: ping bucket %q: %w", s.bucket, err)
	}
	if !ok {
		return fmt.Errorf("blob: bucket %q does not exist", s.bucket)
	}
	return nil
}
