package sitebuild

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/pagewright/pagewright/internal/blob"
)

// ErrNoObject is returned (wrapped) by Get for an object that is not
// stored.
var ErrNoObject = errors.New("sitebuild: no such object")

// MemObjects is an Objects in memory, for tests and one-off CLI builds.
// The zero value is ready to use. Put keeps the slice it is given: do not
// change it afterwards.
type MemObjects struct {
	mu sync.RWMutex
	m  map[string][]byte
}

// Has reports whether the object is stored.
func (o *MemObjects) Has(_ context.Context, hash string) (bool, error) {
	o.mu.RLock()
	defer o.mu.RUnlock()
	_, ok := o.m[hash]
	return ok, nil
}

// Put stores data as the object hash.
func (o *MemObjects) Put(_ context.Context, hash string, data []byte) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.m == nil {
		o.m = map[string][]byte{}
	}
	o.m[hash] = data
	return nil
}

// Get returns the object's bytes (the stored slice: do not change it).
func (o *MemObjects) Get(_ context.Context, hash string) ([]byte, error) {
	o.mu.RLock()
	defer o.mu.RUnlock()
	b, ok := o.m[hash]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNoObject, hash)
	}
	return b, nil
}

// Len is the number of objects stored.
func (o *MemObjects) Len() int {
	o.mu.RLock()
	defer o.mu.RUnlock()
	return len(o.m)
}

// BlobObjects stores objects in a blob.Store under
// Prefix + hash[:2] + "/" + hash: the two-letter folders keep listings
// and directories of the local store small.
type BlobObjects struct {
	Store  blob.Store
	Prefix string
}

// Key is the blob key of object hash.
func (o BlobObjects) Key(hash string) (string, error) {
	if !validHash(hash) {
		return "", fmt.Errorf("sitebuild: %q is not a hex SHA-256", hash)
	}
	return o.Prefix + hash[:2] + "/" + hash, nil
}

// Has reports whether the object is stored.
func (o BlobObjects) Has(ctx context.Context, hash string) (bool, error) {
	key, err := o.Key(hash)
	if err != nil {
		return false, err
	}
	_, err = o.Store.Stat(ctx, key)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, blob.ErrNotFound):
		return false, nil
	}
	return false, err
}

// Put stores data as the object hash.
func (o BlobObjects) Put(ctx context.Context, hash string, data []byte) error {
	key, err := o.Key(hash)
	if err != nil {
		return err
	}
	_, err = o.Store.Put(ctx, key, bytes.NewReader(data), int64(len(data)), "application/octet-stream")
	return err
}

// Get returns the object's bytes.
func (o BlobObjects) Get(ctx context.Context, hash string) ([]byte, error) {
	key, err := o.Key(hash)
	if err != nil {
		return nil, err
	}
	r, _, err := o.Store.Get(ctx, key)
	if errors.Is(err, blob.ErrNotFound) {
		return nil, fmt.Errorf("%w: %s", ErrNoObject, hash)
	}
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}
