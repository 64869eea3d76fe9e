// Package deploy ships builds of a site to its environments. A deployment
// goes queued → building → optimizing → deploying → verifying → success or
// failed, each stage timed and logged; activation is one pointer flip in
// one transaction, so the previous deployment serves until that instant,
// and a rollback is the same flip back. Promotion ships the exact artifact
// of a successful deployment to another environment without rebuilding.
package deploy

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/errs"
)

// Kinds of deployment.
const (
	KindBuild    = "build"    // render the site's pages now
	KindPromote  = "promote"  // the artifact of another environment's deployment
	KindRollback = "rollback" // an earlier deployment of the same environment, activated at once
)

// Statuses.
const (
	StatusPendingApproval = "pending_approval"
	StatusQueued          = "queued"
	StatusBuilding        = "building"
	StatusOptimizing      = "optimizing"
	StatusDeploying       = "deploying"
	StatusVerifying       = "verifying"
	StatusSuccess         = "success"
	StatusFailed          = "failed"
	StatusRejected        = "rejected"
)

// Stage names, in order, and the status a deployment has while in each.
var stageOrder = []struct{ Name, Status string }{
	{"build", StatusBuilding},
	{"optimize", StatusOptimizing},
	{"deploy", StatusDeploying},
	{"verify", StatusVerifying},
}

// Stage statuses.
const (
	StagePending = "pending"
	StageRunning = "running"
	StageDone    = "done"
	StageFailed  = "failed"
	StageSkipped = "skipped"
)

// Actions this package checks (only Admins hold them by default).
const (
	ActionDeploy  access.Action = "deploy:create"
	ActionApprove access.Action = "deploy:approve"
)

// Terminal reports whether a status is final.
func Terminal(status string) bool {
	return status == StatusSuccess || status == StatusFailed || status == StatusRejected
}

// Deployer names a user.
type Deployer struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Stage is one step of a deployment.
type Stage struct {
	Name       string     `json:"name" enum:"build,optimize,deploy,verify"`
	Status     string     `json:"status" enum:"pending,running,done,failed,skipped"`
	StartedAt  *time.Time `json:"startedAt,omitempty"`
	FinishedAt *time.Time `json:"finishedAt,omitempty"`
	DurationMs int64      `json:"durationMs"`
}

// Approval is the decision on a deployment that needed one.
type Approval struct {
	Decision string    `json:"decision" enum:"approved,rejected"`
	By       Deployer  `json:"by"`
	Comment  string    `json:"comment"`
	At       time.Time `json:"at"`
}

// Stats are a build's figures.
type Stats struct {
	Pages      int   `json:"pages"`
	Rendered   int   `json:"rendered"`
	Reused     int   `json:"reused"`
	Files      int   `json:"files"`
	NewObjects int   `json:"newObjects"`
	Bytes      int64 `json:"bytes"`
	BuildMs    int64 `json:"buildMs"`
}

// Deployment is one attempt to put a build live in an environment.
type Deployment struct {
	ID                 string  `json:"id"`
	SiteID             string  `json:"siteId"`
	EnvironmentID      string  `json:"environmentId"`
	Environment        string  `json:"environment" doc:"The environment's slug"`
	Kind               string  `json:"kind" enum:"build,promote,rollback"`
	SourceDeploymentID string  `json:"sourceDeploymentId,omitempty" doc:"For a promotion or rollback: the deployment whose artifact it ships"`
	Status             string  `json:"status" enum:"pending_approval,queued,building,optimizing,deploying,verifying,success,failed,rejected"`
	Stages             []Stage `json:"stages"`
	Progress           int     `json:"progress" minimum:"0" maximum:"100"`
	// ArtifactHash is the build's manifest, the same in every environment
	// it is promoted to; ManifestHash is the environment's own manifest
	// over it (its robots.txt and sitemap.xml name the environment's URL).
	ArtifactHash string    `json:"artifactHash,omitempty"`
	ManifestHash string    `json:"manifestHash,omitempty"`
	Stats        Stats     `json:"stats"`
	Message      string    `json:"message"`
	Error        string    `json:"error,omitempty"`
	TriggeredBy  *Deployer `json:"triggeredBy"`
	Approval     *Approval `json:"approval,omitempty"`
	// Live tells whether the environment serves this deployment now.
	Live bool `json:"live"`
	// URL is where the environment serves it (once live).
	URL        string     `json:"url"`
	CreatedAt  time.Time  `json:"createdAt"`
	StartedAt  *time.Time `json:"startedAt,omitempty"`
	FinishedAt *time.Time `json:"finishedAt,omitempty"`
}

// LogLine is one line of a deployment's log.
type LogLine struct {
	Seq     int       `json:"seq"`
	At      time.Time `json:"at"`
	Level   string    `json:"level" enum:"info,warn,error"`
	Stage   string    `json:"stage"`
	Message string    `json:"message"`
}

// PageState is which version of a page an environment serves (the
// roadmap's page_environment_state).
type PageState struct {
	PageID       string    `json:"pageId"`
	Title        string    `json:"title"`
	Path         string    `json:"path"`
	VersionID    string    `json:"versionId"`
	VersionNo    int64     `json:"versionNumber"`
	DocHash      string    `json:"docHash"`
	DeploymentID string    `json:"deploymentId"`
	PublishedAt  time.Time `json:"publishedAt"`
	PublishedBy  string    `json:"publishedBy,omitempty"`
}

// Env is what the service needs to know about an environment.
type Env struct {
	ID, SiteID, Slug, Name, Kind string
	RequiresApproval             bool
	LiveDeploymentID             string
	URL                          string
	SiteName                     string
}

// Environments looks environments up (implemented over environment.Service).
type Environments interface {
	// Env returns a site's environment by id or slug, without access
	// checks (errs.NotFound when none).
	Env(ctx context.Context, siteID, ref string) (Env, error)
	// EnvByID returns an environment by id (errs.NotFound when none).
	EnvByID(ctx context.Context, id string) (Env, error)
}

// Store persists deployments. Writes that change what is live, or that a
// person did, append their audit entry in the same transaction.
type Store interface {
	// CreateDeployment inserts a deployment; a queued one gets its job in
	// the same transaction.
	CreateDeployment(ctx context.Context, d Deployment, e audit.Entry) error
	GetDeployment(ctx context.Context, id string) (Deployment, error)
	// ListDeployments returns an environment's deployments, newest first,
	// created before the cursor deployment when it is set.
	ListDeployments(ctx context.Context, envID, before string, limit int) ([]Deployment, error)
	// SaveProgress stores status, stages, progress, stats, manifest and
	// error of a running deployment (no audit: the runner's bookkeeping).
	SaveProgress(ctx context.Context, d Deployment) error
	// Heartbeat records that a running deployment's runner is alive
	// (SaveProgress does too).
	Heartbeat(ctx context.Context, id string) error
	AppendLog(ctx context.Context, id string, l LogLine) error
	Logs(ctx context.Context, id string, afterSeq, limit int) ([]LogLine, error)
	// Activate makes the deployment live in its environment: the pointer
	// flip, the page states (the pages of deployment pagesOf), and the
	// deployment stored as d (success), with the audit entry, in one
	// transaction. A rollback's d is new and is inserted.
	Activate(ctx context.Context, d Deployment, pagesOf string, e audit.Entry) error
	// Decide records an approval decision on a pending deployment; an
	// approval queues it (and its job) in the same transaction.
	// errs.ErrStale if it is no longer pending.
	Decide(ctx context.Context, id string, a Approval, status string, e audit.Entry) error
	// SavePages records the pages a deployment holds.
	SavePages(ctx context.Context, deploymentID string, pages []PageState) error
	// DeploymentPages returns the pages a deployment holds.
	DeploymentPages(ctx context.Context, deploymentID string) ([]PageState, error)
	// PageStates returns what an environment serves, by path.
	PageStates(ctx context.Context, envID string) ([]PageState, error)
	// FailUnfinished marks deployments still building, optimizing,
	// deploying or verifying as failed: all of them when silentSince is
	// zero (one instance, restarted: nothing runs them), otherwise those
	// whose runner has not saved progress since then.
	FailUnfinished(ctx context.Context, reason string, at, silentSince time.Time) (int, error)
	// FailOrphaned marks failed the queued deployments (queued before
	// queuedBefore) whose job is gone or finished, or with deadToo was
	// running in a process that died.
	FailOrphaned(ctx context.Context, reason string, at, queuedBefore time.Time, deadToo bool) (int, error)
}

// Service implements the deployment operations.
type Service struct {
	Store Store
	Envs  Environments
	Auth  access.Authorizer
	Now   func() time.Time
	// Activated is called after a deployment went live (the site server's
	// cache listens).
	Activated func(envID string)
	// Release, when set, makes a manifest live on the environment's own
	// target (a bucket's pointer) just before the environment's pointer
	// flips; a failure stops the activation.
	Release func(ctx context.Context, env Env, manifest string) error
	// Events, when set, is told about every deployment event (the app
	// sends the environment's webhooks): deployment.created, .approved,
	// .rejected, .succeeded, .failed and .rolled_back.
	Events func(ctx context.Context, env Env, event string, d Deployment)
}

func (s *Service) event(ctx context.Context, env Env, event string, d Deployment) {
	if s.Events != nil {
		s.Events(context.WithoutCancel(ctx), env, event, d)
	}
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC().Truncate(time.Microsecond)
	}
	return time.Now().UTC().Truncate(time.Microsecond)
}

func actor(ctx context.Context) *Deployer {
	if a := access.ActorFrom(ctx); a.Authenticated() {
		return &Deployer{ID: a.UserID, Name: a.Name}
	}
	return nil
}

// MaxMessage bounds a deployment's message and an approval comment.
const MaxMessage = 1000

func newStages(kind string) []Stage {
	out := make([]Stage, len(stageOrder))
	for i, st := range stageOrder {
		out[i] = Stage{Name: st.Name, Status: StagePending}
		if kind != KindBuild && (st.Name == "build" || st.Name == "optimize") {
			out[i].Status = StageSkipped // the artifact exists
		}
	}
	return out
}

func checkMessage(field, m string) (string, error) {
	m = strings.TrimSpace(m)
	if utf8.RuneCountInString(m) > MaxMessage {
		return "", errs.Invalid("deployment.invalid", fmt.Sprintf("Keep the %s to %d characters.", field, MaxMessage), errs.Field(field, "too long", nil))
	}
	return m, nil
}

// Create starts a deployment of the site's current pages to an
// environment: queued at once, or pending approval when the environment
// requires one.
func (s *Service) Create(ctx context.Context, siteID, envRef, message string) (Deployment, error) {
	env, err := s.Envs.Env(ctx, siteID, envRef)
	if err != nil {
		return Deployment{}, err
	}
	if err := s.Auth.Authorize(ctx, ActionDeploy, access.Site(siteID), env.SiteName); err != nil {
		return Deployment{}, err
	}
	message, err = checkMessage("message", message)
	if err != nil {
		return Deployment{}, err
	}
	return s.create(ctx, env, KindBuild, "", "", message)
}

func (s *Service) create(ctx context.Context, env Env, kind, source, artifact, message string) (Deployment, error) {
	d := Deployment{ID: uuid.Must(uuid.NewV7()).String(), SiteID: env.SiteID, EnvironmentID: env.ID, Environment: env.Slug, Kind: kind,
		SourceDeploymentID: source, ArtifactHash: artifact, Status: StatusQueued, Stages: newStages(kind), Message: message,
		TriggeredBy: actor(ctx), CreatedAt: s.now(), URL: env.URL}
	if env.RequiresApproval {
		d.Status = StatusPendingApproval
	}
	e := audit.NewEntry(ctx, "deployment.create", "environment", env.ID, env.SiteName+" · "+env.Name, audit.CategoryData, severity(env))
	e.Changes = &audit.Changes{After: map[string]any{"deploymentId": d.ID, "kind": kind, "status": d.Status, "source": source}}
	if err := s.Store.CreateDeployment(ctx, d, e); err != nil {
		return Deployment{}, err
	}
	s.event(ctx, env, "deployment.created", d)
	return d, nil
}

func severity(env Env) string {
	if env.Kind == "production" {
		return audit.SeverityHigh
	}
	return audit.SeverityMedium
}

// Get returns a deployment.
func (s *Service) Get(ctx context.Context, id string) (Deployment, error) {
	d, env, err := s.load(ctx, id)
	if err != nil {
		return Deployment{}, err
	}
	return d, s.Auth.Authorize(ctx, access.PageView, access.Site(d.SiteID), env.SiteName)
}

func (s *Service) load(ctx context.Context, id string) (Deployment, Env, error) {
	d, err := s.Store.GetDeployment(ctx, id)
	if err == errs.ErrNoRows {
		return Deployment{}, Env{}, errs.NotFound("deployment")
	} else if err != nil {
		return Deployment{}, Env{}, err
	}
	env, err := s.Envs.EnvByID(ctx, d.EnvironmentID)
	if err != nil {
		return Deployment{}, Env{}, err
	}
	d.Live = env.LiveDeploymentID == d.ID
	d.URL = env.URL
	return d, env, nil
}

// List returns an environment's deployments, newest first.
func (s *Service) List(ctx context.Context, siteID, envRef, before string, limit int) ([]Deployment, error) {
	env, err := s.Envs.Env(ctx, siteID, envRef)
	if err != nil {
		return nil, err
	}
	if err := s.Auth.Authorize(ctx, access.PageView, access.Site(siteID), env.SiteName); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	out, err := s.Store.ListDeployments(ctx, env.ID, before, limit)
	for i := range out {
		out[i].Live = out[i].ID == env.LiveDeploymentID
		out[i].URL = env.URL
	}
	return out, err
}

// Logs returns a deployment's log lines after seq.
func (s *Service) Logs(ctx context.Context, id string, afterSeq int) ([]LogLine, error) {
	if _, err := s.Get(ctx, id); err != nil {
		return nil, err
	}
	return s.Store.Logs(ctx, id, afterSeq, 1000)
}

// Rollback makes an earlier successful deployment of an environment live
// again, at once: a new deployment of kind rollback records it.
func (s *Service) Rollback(ctx context.Context, id string) (Deployment, error) {
	target, env, err := s.load(ctx, id)
	if err != nil {
		return Deployment{}, err
	}
	if err := s.Auth.Authorize(ctx, ActionDeploy, access.Site(target.SiteID), env.SiteName); err != nil {
		return Deployment{}, err
	}
	if target.Status != StatusSuccess || target.ManifestHash == "" {
		return Deployment{}, errs.Conflict("deployment.not_successful", "Only a successful deployment can be rolled back to.")
	}
	if target.Live {
		return Deployment{}, errs.Conflict("deployment.live", "This deployment is live already.")
	}
	now := s.now()
	d := Deployment{ID: uuid.Must(uuid.NewV7()).String(), SiteID: target.SiteID, EnvironmentID: env.ID, Environment: env.Slug,
		Kind: KindRollback, SourceDeploymentID: target.ID, ArtifactHash: target.ArtifactHash, ManifestHash: target.ManifestHash, Status: StatusSuccess, Stages: newStages(KindRollback),
		Progress: 100, Stats: target.Stats, Message: fmt.Sprintf("Rolled back to the deployment of %s", target.CreatedAt.Format("2 Jan 2006 15:04 MST")),
		TriggeredBy: actor(ctx), CreatedAt: now, StartedAt: &now, FinishedAt: &now, URL: env.URL, Live: true}
	for i := range d.Stages {
		if d.Stages[i].Status == StagePending {
			d.Stages[i] = Stage{Name: d.Stages[i].Name, Status: StageDone, StartedAt: &now, FinishedAt: &now}
		}
	}
	if s.Release != nil {
		if err := s.Release(ctx, env, target.ManifestHash); err != nil {
			return Deployment{}, errs.New(errs.KindBadGateway, "deployment.target_failed", "The bucket could not be switched back: "+err.Error())
		}
	}
	e := audit.NewEntry(ctx, "deployment.rollback", "environment", env.ID, env.SiteName+" · "+env.Name, audit.CategoryData, audit.SeverityHigh)
	e.Changes = &audit.Changes{Before: map[string]any{"liveDeploymentId": env.LiveDeploymentID},
		After: map[string]any{"liveDeploymentId": d.ID, "rolledBackTo": target.ID, "manifestHash": target.ManifestHash}}
	if err := s.Store.Activate(ctx, d, target.ID, e); err != nil {
		return Deployment{}, err
	}
	if s.Activated != nil {
		s.Activated(env.ID)
	}
	s.event(ctx, env, "deployment.rolled_back", d)
	return d, nil
}

// Promote ships the artifact of a successful deployment to another
// environment of the same site: no rebuild, the same objects.
func (s *Service) Promote(ctx context.Context, id, toEnv, message string) (Deployment, error) {
	src, env, err := s.load(ctx, id)
	if err != nil {
		return Deployment{}, err
	}
	to, err := s.Envs.Env(ctx, src.SiteID, toEnv)
	if err != nil {
		return Deployment{}, errs.Invalid("deployment.invalid", "There is no environment "+toEnv+" in this site.", errs.Field("to", "unknown environment", toEnv))
	}
	if err := s.Auth.Authorize(ctx, ActionDeploy, access.Site(src.SiteID), env.SiteName); err != nil {
		return Deployment{}, err
	}
	if src.Status != StatusSuccess || src.ManifestHash == "" {
		return Deployment{}, errs.Conflict("deployment.not_successful", "Only a successful deployment can be promoted.")
	}
	if to.ID == env.ID {
		return Deployment{}, errs.Invalid("deployment.invalid", "Promote to another environment; to go back to this deployment here, roll back.", errs.Field("to", "same environment", toEnv))
	}
	message, err = checkMessage("message", message)
	if err != nil {
		return Deployment{}, err
	}
	if message == "" {
		message = "Promoted from " + env.Name
	}
	return s.create(ctx, to, KindPromote, src.ID, src.ArtifactHash, message)
}

// Decide approves or rejects a deployment waiting for approval. The person
// who started it cannot approve it.
func (s *Service) Decide(ctx context.Context, id string, approve bool, comment string) (Deployment, error) {
	d, env, err := s.load(ctx, id)
	if err != nil {
		return Deployment{}, err
	}
	if err := s.Auth.Authorize(ctx, ActionApprove, access.Site(d.SiteID), env.SiteName); err != nil {
		return Deployment{}, err
	}
	if d.Status != StatusPendingApproval {
		return Deployment{}, errs.Conflict("deployment.not_pending", "This deployment is not waiting for approval.")
	}
	me := actor(ctx)
	if me == nil {
		return Deployment{}, errs.New(errs.KindUnauthenticated, "auth.required", "Sign in first.")
	}
	if approve && d.TriggeredBy != nil && d.TriggeredBy.ID == me.ID {
		return Deployment{}, errs.Forbidden("deployment.self_approval", "You started this deployment, so someone else must approve it.")
	}
	comment, err = checkMessage("comment", comment)
	if err != nil {
		return Deployment{}, err
	}
	if !approve && comment == "" {
		return Deployment{}, errs.Invalid("deployment.invalid", "Say why you reject it, so the author knows what to change.", errs.Field("comment", "required", nil))
	}
	a := Approval{Decision: "approved", By: *me, Comment: comment, At: s.now()}
	status := StatusQueued
	if !approve {
		a.Decision, status = "rejected", StatusRejected
	}
	e := audit.NewEntry(ctx, "deployment."+a.Decision[:len(a.Decision)-1], "environment", env.ID, env.SiteName+" · "+env.Name, audit.CategoryData, severity(env))
	e.Changes = &audit.Changes{Before: map[string]any{"status": d.Status}, After: map[string]any{"deploymentId": d.ID, "status": status, "comment": comment}}
	if err := s.Store.Decide(ctx, id, a, status, e); err == errs.ErrStale {
		return Deployment{}, errs.Conflict("deployment.not_pending", "This deployment is not waiting for approval any more.")
	} else if err != nil {
		return Deployment{}, err
	}
	out, err := s.Get(ctx, id)
	if err == nil {
		s.event(ctx, env, "deployment."+a.Decision, out)
	}
	return out, err
}

// Comparison tells which pages differ between two environments.
type Comparison struct {
	A     string           `json:"a"`
	B     string           `json:"b"`
	Pages []PageComparison `json:"pages"`
	Same  int              `json:"same"`
	Diff  int              `json:"different"`
}

// PageComparison is one page in two environments (nil: not there).
type PageComparison struct {
	PageID string     `json:"pageId"`
	Title  string     `json:"title"`
	Path   string     `json:"path"`
	A      *PageState `json:"a"`
	B      *PageState `json:"b"`
	Same   bool       `json:"same"`
}

// Compare lists the pages of two environments side by side.
func (s *Service) Compare(ctx context.Context, siteID, a, b string) (Comparison, error) {
	ea, err := s.Envs.Env(ctx, siteID, a)
	if err != nil {
		return Comparison{}, err
	}
	eb, err := s.Envs.Env(ctx, siteID, b)
	if err != nil {
		return Comparison{}, err
	}
	if err := s.Auth.Authorize(ctx, access.PageView, access.Site(siteID), ea.SiteName); err != nil {
		return Comparison{}, err
	}
	pa, err := s.Store.PageStates(ctx, ea.ID)
	if err != nil {
		return Comparison{}, err
	}
	pb, err := s.Store.PageStates(ctx, eb.ID)
	if err != nil {
		return Comparison{}, err
	}
	out := Comparison{A: ea.Slug, B: eb.Slug, Pages: []PageComparison{}}
	index := map[string]int{}
	add := func(p PageState, side func(*PageComparison) **PageState) {
		i, ok := index[p.PageID]
		if !ok {
			i = len(out.Pages)
			index[p.PageID] = i
			out.Pages = append(out.Pages, PageComparison{PageID: p.PageID, Title: p.Title, Path: p.Path})
		}
		*side(&out.Pages[i]) = &p
	}
	for _, p := range pa {
		add(p, func(c *PageComparison) **PageState { return &c.A })
	}
	for _, p := range pb {
		add(p, func(c *PageComparison) **PageState { return &c.B })
	}
	for i := range out.Pages {
		c := &out.Pages[i]
		c.Same = c.A != nil && c.B != nil && c.A.DocHash == c.B.DocHash && c.A.Path == c.B.Path
		if c.Same {
			out.Same++
		} else {
			out.Diff++
		}
	}
	return out, nil
}
