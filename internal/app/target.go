package app

// Deployment targets beyond the built-in site store: an S3-compatible
// bucket. Each release goes under <prefix>releases/<manifest hash>/ (the
// same files `pagewright build` writes, with .br and .gz copies), and
// <prefix>current.json names the live release, written in one PUT when the
// deployment goes live. A failed upload leaves current.json as it was.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/pagewright/pagewright/internal/blob"
	"github.com/pagewright/pagewright/internal/deploy"
	"github.com/pagewright/pagewright/internal/environment"
	"github.com/pagewright/pagewright/internal/sitebuild"
)

// targetStore opens an environment's bucket, or returns nil when it has
// none.
func (b *builder) targetStore(ctx context.Context, env deploy.Env) (blob.Store, *environment.Target, error) {
	e, err := b.envs.Store.GetEnvironment(ctx, env.ID)
	if err != nil {
		return nil, nil, err
	}
	t := e.Config.Target
	if t == nil {
		return nil, nil, nil
	}
	secrets, err := b.envs.SecretValues(ctx, env.ID)
	if err != nil {
		return nil, nil, err
	}
	key, secret := secrets["S3_ACCESS_KEY_ID"], secrets["S3_SECRET_ACCESS_KEY"]
	if key == "" || secret == "" {
		return nil, nil, fmt.Errorf("the environment's bucket needs the secrets S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY")
	}
	q := url.Values{"endpoint": {t.Endpoint}}
	if t.Region != "" {
		q.Set("region", t.Region)
	}
	if t.Insecure {
		q.Set("secure", "false")
	}
	if t.PathStyle {
		q.Set("path_style", "true")
	}
	u := "s3://" + url.PathEscape(key) + ":" + url.PathEscape(secret) + "@" + t.Bucket + "?" + q.Encode()
	st, err := blob.Open(ctx, u, "")
	if err != nil {
		return nil, nil, fmt.Errorf("open the bucket %s: %w", t.Bucket, err)
	}
	return st, t, nil
}

func releaseDir(t *environment.Target, manifest string) string {
	return t.Prefix + "releases/" + manifest[:16] + "/"
}

// Push uploads the release to the environment's bucket, if it has one.
func (b *builder) Push(ctx context.Context, env deploy.Env, manifest string, log func(string)) error {
	st, t, err := b.targetStore(ctx, env)
	if err != nil {
		return err
	}
	if st == nil {
		log("Target: the built-in site store (the objects are in place).")
		return nil
	}
	objs := siteObjects(b.blobs, env.SiteID)
	m, err := loadManifest(ctx, objs, manifest)
	if err != nil {
		return err
	}
	dir := releaseDir(t, manifest)
	log(fmt.Sprintf("Uploading %d files to the bucket %s under %s.", len(m.Files), t.Bucket, dir))
	start, n := time.Now(), 0
	for p, f := range m.Files {
		name, err := sitebuild.FileName(p)
		if err != nil {
			return err
		}
		put := func(key, hash, typ string) error {
			data, err := objs.Get(ctx, hash)
			if err != nil {
				return err
			}
			if _, err := st.Put(ctx, dir+key, bytes.NewReader(data), int64(len(data)), typ); err != nil {
				return fmt.Errorf("upload %s: %w", key, err)
			}
			n++
			return nil
		}
		if err := put(name, f.Hash, f.Type); err != nil {
			return err
		}
		if f.Br != nil {
			if err := put(name+".br", f.Br.Hash, f.Type); err != nil {
				return err
			}
		}
		if f.Gzip != nil {
			if err := put(name+".gz", f.Gzip.Hash, f.Type); err != nil {
				return err
			}
		}
	}
	log(fmt.Sprintf("Uploaded %d objects in %d ms; %scurrent.json still names the previous release.", n, time.Since(start).Milliseconds(), t.Prefix))
	return nil
}

// release switches the bucket's current.json to a release (Service.Release).
func (b *builder) release(ctx context.Context, env deploy.Env, manifest string) error {
	st, t, err := b.targetStore(ctx, env)
	if err != nil || st == nil {
		return err
	}
	body, err := json.Marshal(map[string]string{"release": strings.TrimSuffix(releaseDir(t, manifest), "/"), "manifest": manifest,
		"at": time.Now().UTC().Format(time.RFC3339)})
	if err != nil {
		return err
	}
	_, err = st.Put(ctx, t.Prefix+"current.json", bytes.NewReader(body), int64(len(body)), "application/json")
	return err
}
