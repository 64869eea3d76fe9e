// Package jobs runs background work with River on the application database,
// through one code path for SQLite and PostgreSQL (database/sql, *sql.Tx),
// so a job can be enqueued in the same transaction as the change behind it.
package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

// Client is the River client the application uses.
type Client = river.Client[*sql.Tx]

// Deps are what the workers need.
type Deps struct {
	Sessions SessionCleaner
	Blobs    BlobPurger
	Assets   AssetProcessor
	// Versions runs version retention and pending autosaves (nil: those
	// jobs do nothing).
	Versions VersionHistory
	// Deployer runs deployments (nil: the site.deploy job fails).
	Deployer Deployer
	// Webhooks delivers webhook calls.
	Webhooks WebhookSender
	// Thumbnails renders template thumbnails (nil: the job does nothing).
	Thumbnails ThumbnailRenderer
	// Objects collects unreferenced site objects (nil: the job does
	// nothing).
	Objects ObjectCollector
}

// Options configure the client.
type Options struct {
	Postgres     bool
	Logger       *slog.Logger
	PollInterval time.Duration // how often idle workers look for jobs
	Workers      int
}

func driver(db *sql.DB, postgres bool) riverdriver.Driver[*sql.Tx] {
	if postgres {
		return riverdatabasesql.New(db)
	}
	return riversqlite.New(db)
}

// Migrate creates or updates River's tables.
func Migrate(ctx context.Context, db *sql.DB, postgres bool) error {
	m, err := rivermigrate.New(driver(db, postgres), nil)
	if err != nil {
		return err
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("migrate jobs: %w", err)
	}
	return nil
}

// New returns a River client with every worker and periodic job registered.
// It does not start working until Start.
func New(db *sql.DB, deps Deps, opt Options) (*Client, error) {
	workers := river.NewWorkers()
	river.AddWorker(workers, &sessionCleanupWorker{s: deps.Sessions})
	river.AddWorker(workers, &sitePurgeWorker{b: deps.Blobs})
	river.AddWorker(workers, &assetVariantsWorker{a: deps.Assets})
	river.AddWorker(workers, &assetPurgeWorker{b: deps.Blobs})
	river.AddWorker(workers, &versionRetentionWorker{v: deps.Versions})
	river.AddWorker(workers, &versionAutosaveWorker{v: deps.Versions})
	river.AddWorker(workers, &siteDeployWorker{d: deps.Deployer})
	river.AddWorker(workers, &webhookWorker{s: deps.Webhooks})
	river.AddWorker(workers, &templateThumbnailsWorker{r: deps.Thumbnails})
	river.AddWorker(workers, &siteObjectsGCWorker{c: deps.Objects})
	flog := opt.Logger
	if flog == nil {
		flog = slog.Default()
	}
	river.AddWorker(workers, &formSubmittedWorker{log: flog})
	if opt.Workers <= 0 {
		opt.Workers = 4
	}
	if opt.PollInterval <= 0 {
		opt.PollInterval = time.Second
	}
	queues := map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: opt.Workers}, QueueImages: {MaxWorkers: ImageWorkers},
		QueueDeploys: {MaxWorkers: 1}}
	return river.NewClient(driver(db, opt.Postgres), &river.Config{
		Logger:            opt.Logger,
		Queues:            queues,
		Workers:           workers,
		FetchPollInterval: opt.PollInterval,
		FetchCooldown:     opt.PollInterval / 10,
		MaxAttempts:       10,
		JobTimeout:        10 * time.Minute,
		PeriodicJobs: []*river.PeriodicJob{
			river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return SessionCleanup{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true, ID: "session.cleanup"}),
			river.NewPeriodicJob(river.PeriodicInterval(24*time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return VersionRetention{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true, ID: "version.retention"}),
			river.NewPeriodicJob(river.PeriodicInterval(24*time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return SiteObjectsGC{}, nil },
				&river.PeriodicJobOpts{ID: "site.objects_gc"}),
			river.NewPeriodicJob(river.PeriodicInterval(5*time.Minute),
				func() (river.JobArgs, *river.InsertOpts) { return VersionAutosave{}, nil },
				&river.PeriodicJobOpts{ID: "version.autosave"}),
		},
	})
}
