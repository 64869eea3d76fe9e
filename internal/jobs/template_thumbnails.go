package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// ThumbnailRenderer renders the templates' missing thumbnails.
type ThumbnailRenderer interface {
	// RenderMissing renders the thumbnail of every template whose current
	// version has none, and reports how many it made; it does nothing when
	// no browser is available (the marketplace then shows a live preview).
	RenderMissing(ctx context.Context) (int, error)
}

// TemplateThumbnails renders template thumbnails in headless Chromium. It
// is queued after start-up seeding and after each template publish; one
// job renders everything missing with one browser, so a job queued behind
// it finds nothing left and starts no browser.
type TemplateThumbnails struct{}

// Kind names the job.
func (TemplateThumbnails) Kind() string { return "template.thumbnails" }

// InsertOpts runs the job with the image work.
func (TemplateThumbnails) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueImages, MaxAttempts: 3}
}

type templateThumbnailsWorker struct {
	river.WorkerDefaults[TemplateThumbnails]
	r ThumbnailRenderer
}

func (w *templateThumbnailsWorker) Timeout(*river.Job[TemplateThumbnails]) time.Duration {
	return 5 * time.Minute
}

func (w *templateThumbnailsWorker) Work(ctx context.Context, job *river.Job[TemplateThumbnails]) error {
	if w.r == nil {
		return nil
	}
	n, err := w.r.RenderMissing(ctx)
	if oerr := river.RecordOutput(ctx, map[string]int{"rendered": n}); oerr != nil && err == nil {
		err = oerr
	}
	return err
}
