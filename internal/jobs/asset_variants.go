package jobs

import (
	"context"
	"fmt"

	"github.com/riverqueue/river"
)

// QueueImages runs the image jobs. Decoding and resizing a large photo
// takes a few hundred megabytes for a moment, so they run one at a time
// per instance (ImageWorkers) rather than beside every other job.
const QueueImages = "images"

// ImageWorkers is how many image jobs an instance runs at once.
const ImageWorkers = 1

// AssetProcessor makes the responsive variants of an uploaded image.
type AssetProcessor interface {
	// MakeVariants returns an error only for what a retry may fix
	// (storage, database); an image that cannot be decoded is marked
	// failed and returns nil.
	MakeVariants(ctx context.Context, assetID string) error
	// FailVariants marks the asset failed with a reason.
	FailVariants(ctx context.Context, assetID, reason string) error
}

// AssetVariants makes the smaller copies (320 to 1920 pixels wide) of an
// uploaded image and marks it ready. It is enqueued in the transaction
// that creates the asset, so every stored asset gets its variants.
type AssetVariants struct {
	AssetID string `json:"assetId"`
}

// Kind names the job.
func (AssetVariants) Kind() string { return "asset.variants" }

// InsertOpts puts the job on the image queue.
func (AssetVariants) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueImages, MaxAttempts: 5}
}

type assetVariantsWorker struct {
	river.WorkerDefaults[AssetVariants]
	a AssetProcessor
}

func (w *assetVariantsWorker) Work(ctx context.Context, job *river.Job[AssetVariants]) error {
	if w.a == nil {
		return fmt.Errorf("asset.variants: no asset processor configured")
	}
	err := w.a.MakeVariants(ctx, job.Args.AssetID)
	if err != nil && job.Attempt >= job.MaxAttempts {
		// The last try: leave the asset failed rather than processing for
		// ever. The original is still served.
		if ferr := w.a.FailVariants(ctx, job.Args.AssetID, "The smaller copies could not be made: "+err.Error()); ferr != nil {
			return fmt.Errorf("%w (and marking it failed: %v)", err, ferr)
		}
	}
	return err
}
