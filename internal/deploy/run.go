package deploy

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/pagewright/pagewright/internal/audit"
)

// BuildOutput is what a build made.
type BuildOutput struct {
	ArtifactHash string
	Pages        []PageState
	Stats        Stats
}

// Builder does the work of the stages; the app implements it over
// sitebuild, the pages, the design system, the assets and the blob store.
type Builder interface {
	// Build renders every page of the site into the site's object store
	// (reusing what Previous, the artifact live in the environment, has for
	// unchanged pages) and returns the artifact.
	Build(ctx context.Context, env Env, previous string, progress func(done, total int), log func(string)) (BuildOutput, error)
	// Prepare makes the environment's manifest over an artifact (its
	// robots.txt and sitemap.xml name the environment's URL).
	Prepare(ctx context.Context, env Env, artifact string) (string, error)
	// Changes describes what a manifest changes against the live one, for
	// the log ("3 pages changed, 1 added").
	Changes(ctx context.Context, live, next string) (string, error)
	// Push copies the objects a manifest needs to the environment's target.
	Push(ctx context.Context, env Env, manifest string, log func(string)) error
	// Verify fetches every page of a manifest as the site server will
	// serve it and checks each arrives whole.
	Verify(ctx context.Context, env Env, manifest string, log func(string)) error
}

// run is one deployment being carried out.
type run struct {
	s       *Service
	d       Deployment
	env     Env
	mu      sync.Mutex
	seq     int
	saved   time.Time
	logErrs int
}

// Run carries out a queued deployment (the site.deploy job). A failure
// marks the deployment failed and returns nil: a deploy is not retried on
// its own, people decide.
func (s *Service) Run(ctx context.Context, id string, b Builder) error {
	d, env, err := s.load(ctx, id)
	if err != nil {
		return err
	}
	if d.Status != StatusQueued {
		return nil // done, rejected, waiting, or failed by a restart
	}
	r := &run{s: s, d: d, env: env}
	if logs, err := s.Store.Logs(ctx, id, 0, 1000); err == nil {
		r.seq = len(logs)
	}
	now := s.now()
	r.d.StartedAt = &now
	// A long stage (a big upload, say) saves no progress for a while: the
	// heartbeat tells other instances this deployment is still running.
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		t := time.NewTicker(HeartbeatEvery)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				_ = s.Store.Heartbeat(ctx, id) // a missed beat is not a failure
			}
		}
	}()
	if err := r.carryOut(ctx, b); err != nil {
		r.fail(ctx, err)
	}
	return nil
}

func (r *run) carryOut(ctx context.Context, b Builder) error {
	d := &r.d
	if d.Kind == KindBuild {
		err := r.stage(ctx, "build", 0, 60, func(progress func(float64)) error {
			prev := ""
			if r.env.LiveDeploymentID != "" {
				if live, err := r.s.Store.GetDeployment(ctx, r.env.LiveDeploymentID); err == nil {
					prev = live.ArtifactHash
				}
			}
			out, err := b.Build(ctx, r.env, prev, func(done, total int) {
				if total > 0 {
					progress(float64(done) / float64(total))
				}
			}, r.info("build"))
			if err != nil {
				return err
			}
			d.ArtifactHash, d.Stats = out.ArtifactHash, out.Stats
			r.log("build", "info", fmt.Sprintf("Built %d pages (%d rendered, %d unchanged) into %d files in %d ms.",
				out.Stats.Pages, out.Stats.Rendered, out.Stats.Reused, out.Stats.Files, out.Stats.BuildMs))
			return r.s.Store.SavePages(ctx, d.ID, out.Pages)
		})
		if err != nil {
			return err
		}
		err = r.stage(ctx, "optimize", 60, 70, func(func(float64)) error {
			live := ""
			if r.env.LiveDeploymentID != "" {
				if l, err := r.s.Store.GetDeployment(ctx, r.env.LiveDeploymentID); err == nil {
					live = l.ArtifactHash
				}
			}
			msg, err := b.Changes(ctx, live, d.ArtifactHash)
			if err != nil {
				return err
			}
			r.log("optimize", "info", msg)
			r.log("optimize", "info", fmt.Sprintf("%d new objects, %s in all; every text file precompressed (brotli and gzip).",
				d.Stats.NewObjects, humanBytes(d.Stats.Bytes)))
			return nil
		})
		if err != nil {
			return err
		}
	} else {
		pages, err := r.s.Store.DeploymentPages(ctx, d.SourceDeploymentID)
		if err != nil {
			return err
		}
		if err := r.s.Store.SavePages(ctx, d.ID, pages); err != nil {
			return err
		}
		r.log("deploy", "info", fmt.Sprintf("Promoting the artifact of deployment %s (%d pages): nothing is rebuilt.", d.SourceDeploymentID, len(pages)))
	}
	err := r.stage(ctx, "deploy", 70, 90, func(func(float64)) error {
		m, err := b.Prepare(ctx, r.env, d.ArtifactHash)
		if err != nil {
			return err
		}
		d.ManifestHash = m
		return b.Push(ctx, r.env, m, r.info("deploy"))
	})
	if err != nil {
		return err
	}
	err = r.stage(ctx, "verify", 90, 99, func(func(float64)) error {
		return b.Verify(ctx, r.env, d.ManifestHash, r.info("verify"))
	})
	if err != nil {
		return err
	}
	return r.activate(ctx)
}

func (r *run) activate(ctx context.Context) error {
	d := &r.d
	if r.s.Release != nil {
		if err := r.s.Release(ctx, r.env, d.ManifestHash); err != nil {
			return fmt.Errorf("release on the target: %w", err)
		}
	}
	now := r.s.now()
	d.Status, d.Progress, d.FinishedAt, d.Live = StatusSuccess, 100, &now, true
	e := audit.NewEntry(ctx, "deployment.activate", "environment", r.env.ID, r.env.SiteName+" · "+r.env.Name, audit.CategoryData, severity(r.env))
	e.Changes = &audit.Changes{Before: map[string]any{"liveDeploymentId": r.env.LiveDeploymentID},
		After: map[string]any{"liveDeploymentId": d.ID, "manifestHash": d.ManifestHash, "kind": d.Kind}}
	if d.TriggeredBy != nil {
		e.ActorID, e.ActorName = d.TriggeredBy.ID, d.TriggeredBy.Name
	}
	if err := r.s.Store.Activate(ctx, *d, d.ID, e); err != nil {
		return fmt.Errorf("activate: %w", err)
	}
	r.log("verify", "info", "Live at "+r.env.URL)
	if r.s.Activated != nil {
		r.s.Activated(r.env.ID)
	}
	r.s.event(ctx, r.env, "deployment.succeeded", *d)
	return nil
}

// stage runs one stage: marks it running, reports progress within
// [from, to], and marks it done or failed.
func (r *run) stage(ctx context.Context, name string, from, to int, f func(progress func(float64)) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	i := stageIndex(name)
	start := r.s.now()
	r.d.Stages[i] = Stage{Name: name, Status: StageRunning, StartedAt: &start}
	r.d.Status = stageOrder[i].Status
	r.d.Progress = from
	r.save(ctx, true)
	r.log(name, "info", "Started "+name+".")
	err := f(func(p float64) {
		r.mu.Lock()
		r.d.Progress = from + int(p*float64(to-from))
		r.mu.Unlock()
		r.save(ctx, false)
	})
	end := r.s.now()
	st := &r.d.Stages[i]
	st.FinishedAt, st.DurationMs = &end, end.Sub(start).Milliseconds()
	if err != nil {
		st.Status = StageFailed
		return fmt.Errorf("%s: %w", name, err)
	}
	st.Status = StageDone
	r.d.Progress = to
	r.log(name, "info", fmt.Sprintf("Finished %s in %d ms.", name, st.DurationMs))
	r.save(ctx, true)
	return nil
}

func stageIndex(name string) int {
	for i, s := range stageOrder {
		if s.Name == name {
			return i
		}
	}
	panic("deploy: unknown stage " + name)
}

// save stores the deployment's progress, at most every 200 ms unless
// forced (a stage change).
func (r *run) save(ctx context.Context, force bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !force && time.Since(r.saved) < 200*time.Millisecond {
		return
	}
	r.saved = time.Now()
	if err := r.s.Store.SaveProgress(ctx, r.d); err != nil {
		r.logErrs++
	}
}

func (r *run) info(stage string) func(string) {
	return func(msg string) { r.log(stage, "info", msg) }
}

func (r *run) log(stage, level, msg string) {
	r.mu.Lock()
	r.seq++
	l := LogLine{Seq: r.seq, At: r.s.now(), Level: level, Stage: stage, Message: msg}
	r.mu.Unlock()
	// A log line that cannot be stored must not fail the deploy.
	_ = r.s.Store.AppendLog(context.WithoutCancel(context.Background()), r.d.ID, l)
}

func (r *run) fail(ctx context.Context, err error) {
	now := r.s.now()
	r.d.Status, r.d.FinishedAt = StatusFailed, &now
	r.d.Error = err.Error()
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		r.d.Error = "The deployment was stopped before it finished: " + err.Error()
	}
	for i := range r.d.Stages {
		if r.d.Stages[i].Status == StageRunning {
			r.d.Stages[i].Status = StageFailed
		}
	}
	r.log("", "error", r.d.Error)
	r.log("", "info", "Nothing was activated: the environment still serves its previous deployment.")
	if err := r.s.Store.SaveProgress(context.WithoutCancel(ctx), r.d); err != nil {
		r.logErrs++
	}
	r.s.event(ctx, r.env, "deployment.failed", r.d)
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// HeartbeatEvery is how often a running deployment shows it is alive;
// one silent for StaleAfter is taken for dead.
const (
	HeartbeatEvery = 10 * time.Second
	StaleAfter     = 2 * time.Minute
)

const interrupted = "The server stopped while this deployment was running. Nothing was activated: the environment still serves its previous deployment. Deploy again."

const orphaned = "This deployment's job was lost before it started (the server stopped as it was about to begin). Nothing was activated. Deploy again."

// FailInterrupted marks deployments a stopped process left unfinished as
// failed. With all (a single instance starting: nothing else can be
// running them) every unfinished one; otherwise those whose runner has
// been silent for StaleAfter (several instances share the database).
// Queued deployments whose job can no longer run are failed too, so that
// none waits for ever.
func (s *Service) FailInterrupted(ctx context.Context, all bool) (int, error) {
	var since time.Time
	queuedBefore := s.now()
	if !all {
		since = s.now().Add(-StaleAfter)
		queuedBefore = since
	}
	n, err := s.Store.FailUnfinished(ctx, interrupted, s.now(), since)
	if err != nil {
		return n, err
	}
	m, err := s.Store.FailOrphaned(ctx, orphaned, s.now(), queuedBefore, all)
	return n + m, err
}
