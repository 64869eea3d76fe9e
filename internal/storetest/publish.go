package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/deploy"
	"github.com/pagewright/pagewright/internal/environment"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/sqlstore"
)

// RunPublish tests sqlstore.Environments (environment.Store) and
// sqlstore.Deployments (deploy.Store): unique slugs and domains, sealed
// secrets and their all-or-nothing rotation, deployments and their logs,
// the one-transaction activation (pointer flip and page state), approval
// decisions that only apply to pending deployments, and failing what a
// restart left unfinished.
func RunPublish(t *testing.T, newDB NewDBFunc) {
	runCases(t, newDB, []testCase{
		{name: "EnvironmentsSlugsDomainsAndSecrets", run: func(t *testing.T, f *fixture) {
			envs := sqlstore.Environments{DB: f.db}
			s := f.addSite(t, "site-"+randHex()[:8])
			dev, prod := f.newEnv(s.ID, "development", 0), f.newEnv(s.ID, "production", 100)
			f.mutates(t, entry("environment.create", "site", s.ID), func(e audit.Entry) error {
				return envs.CreateEnvironments(f.ctx, []environment.Environment{dev, prod}, e)
			})
			dup := f.newEnv(s.ID, "production", 5)
			f.fails(t, errs.ErrDuplicate, entry("environment.create", "site", s.ID), func(e audit.Entry) error {
				return envs.CreateEnvironments(f.ctx, []environment.Environment{f.newEnv(s.ID, "staging", 50), dup}, e)
			})
			list, err := envs.ListEnvironments(f.ctx, s.ID)
			noErr(t, "list", err)
			same(t, "environments after a refused batch", ids(list, func(e environment.Environment) string { return e.Slug }), []string{"development", "production"})

			prod.Domain, prod.RequiresApproval, prod.Access = "www.riverside.example", true, environment.Access{Mode: "roles", Roles: []string{"admin", "editor"}}
			prod.Config.Features["newNav"] = true
			f.mutates(t, entry("environment.update", "environment", prod.ID), func(e audit.Entry) error { return envs.UpdateEnvironment(f.ctx, prod, e) })
			got, err := envs.GetEnvironment(f.ctx, prod.ID)
			noErr(t, "get", err)
			if got.Domain != prod.Domain || !got.RequiresApproval || len(got.Access.Roles) != 2 || !got.Config.Features["newNav"] {
				t.Fatalf("updated environment %+v", got)
			}
			other := f.newEnv(f.addSite(t, "site-"+randHex()[:8]).ID, "production", 0)
			f.mutates(t, entry("environment.create", "site", other.SiteID), func(e audit.Entry) error {
				return envs.CreateEnvironments(f.ctx, []environment.Environment{other}, e)
			})
			other.Domain = prod.Domain
			f.fails(t, errs.ErrDuplicate, entry("environment.update", "environment", other.ID), func(e audit.Entry) error {
				return envs.UpdateEnvironment(f.ctx, other, e)
			})

			sec := environment.Secret{EnvironmentID: prod.ID, Name: "API_KEY", Sealed: "v1:one", UpdatedAt: f.now, UpdatedBy: f.admin.ID}
			f.mutates(t, entry("environment.secret.set", "environment", prod.ID), func(e audit.Entry) error { return envs.PutSecret(f.ctx, sec, e) })
			sec.Sealed = "v1:two"
			f.mutates(t, entry("environment.secret.set", "environment", prod.ID), func(e audit.Entry) error { return envs.PutSecret(f.ctx, sec, e) })
			secs, err := envs.ListSecrets(f.ctx, prod.ID)
			noErr(t, "secrets", err)
			if len(secs) != 1 || secs[0].Sealed != "v1:two" {
				t.Fatalf("secrets %+v", secs)
			}
			f.fails(t, errs.ErrNoRows, entry("environment.secret.delete", "environment", prod.ID), func(e audit.Entry) error {
				return envs.DeleteSecret(f.ctx, prod.ID, "NOPE", e)
			})

			// Rotation is all or nothing.
			f.mutates(t, entry("environment.secret.set", "environment", dev.ID), func(e audit.Entry) error {
				return envs.PutSecret(f.ctx, environment.Secret{EnvironmentID: dev.ID, Name: "TOKEN", Sealed: "v1:dev", UpdatedAt: f.now}, e)
			})
			boom := errors.New("does not open")
			f.fails(t, boom, entry("secrets.rotate", "org", ""), func(e audit.Entry) error {
				_, err := envs.RotateSecrets(f.ctx, func(x environment.Secret) (string, error) {
					if x.Name == "TOKEN" {
						return "", boom
					}
					return "v2:" + x.Name, nil
				}, e)
				return err
			})
			secs, _ = envs.ListSecrets(f.ctx, prod.ID)
			same(t, "secret after a failed rotation", secs[0].Sealed, "v1:two")
		}},
		{name: "DeploymentsActivateDecideAndFail", run: func(t *testing.T, f *fixture) {
			envs, deps := sqlstore.Environments{DB: f.db}, sqlstore.Deployments{DB: f.db}
			s := f.addSite(t, "site-"+randHex()[:8])
			p := f.addPage(t, s.ID, "home")
			prod := f.newEnv(s.ID, "production", 0)
			f.mutates(t, entry("environment.create", "site", s.ID), func(e audit.Entry) error {
				return envs.CreateEnvironments(f.ctx, []environment.Environment{prod}, e)
			})
			d1 := f.newDeployment(prod, deploy.StatusQueued)
			f.mutates(t, entry("deployment.create", "environment", prod.ID), func(e audit.Entry) error { return deps.CreateDeployment(f.ctx, d1, e) })
			d1.Status, d1.ArtifactHash, d1.ManifestHash, d1.Progress = deploy.StatusVerifying, "art1", "man1", 95
			noErr(t, "progress", deps.SaveProgress(f.ctx, d1))
			noErr(t, "log", deps.AppendLog(f.ctx, d1.ID, deploy.LogLine{Seq: 1, At: f.now, Level: "info", Stage: "build", Message: "Started build."}))
			noErr(t, "log", deps.AppendLog(f.ctx, d1.ID, deploy.LogLine{Seq: 2, At: f.now, Level: "info", Stage: "build", Message: "Built."}))
			logs, err := deps.Logs(f.ctx, d1.ID, 1, 10)
			noErr(t, "logs", err)
			same(t, "logs after 1", len(logs), 1)
			noErr(t, "pages", deps.SavePages(f.ctx, d1.ID, []deploy.PageState{{PageID: p.ID, Title: "Home", Path: "/", DocHash: "h1", VersionNo: 3}}))
			d1.Status = deploy.StatusSuccess
			f.mutates(t, entry("deployment.activate", "environment", prod.ID), func(e audit.Entry) error { return deps.Activate(f.ctx, d1, d1.ID, e) })
			env, _ := envs.GetEnvironment(f.ctx, prod.ID)
			same(t, "live", env.LiveDeploymentID, d1.ID)
			states, err := deps.PageStates(f.ctx, prod.ID)
			noErr(t, "states", err)
			if len(states) != 1 || states[0].DocHash != "h1" || states[0].DeploymentID != d1.ID || states[0].VersionNo != 3 {
				t.Fatalf("page states %+v", states)
			}
			// A deployment no longer verifying (failed by a restart) does not go live.
			d2 := f.newDeployment(prod, deploy.StatusQueued)
			f.mutates(t, entry("deployment.create", "environment", prod.ID), func(e audit.Entry) error { return deps.CreateDeployment(f.ctx, d2, e) })
			d2.Status = deploy.StatusBuilding
			noErr(t, "progress", deps.SaveProgress(f.ctx, d2))
			// Another instance's deployment that beat a moment ago is left
			// alone; with every runner gone (zero time) it is failed.
			noErr(t, "heartbeat", deps.Heartbeat(f.ctx, d2.ID))
			_, err = deps.FailUnfinished(f.ctx, "runner silent", f.now, time.Now().Add(-time.Minute))
			noErr(t, "fail silent", err)
			got, _ := deps.GetDeployment(f.ctx, d2.ID)
			same(t, "status of a deployment whose runner beats", got.Status, deploy.StatusBuilding)
			n, err := deps.FailUnfinished(f.ctx, "restarted", f.now, time.Time{})
			noErr(t, "fail unfinished", err)
			if n < 1 {
				t.Fatalf("failed %d unfinished deployments", n)
			}
			got, _ = deps.GetDeployment(f.ctx, d2.ID)
			same(t, "status after restart", got.Status, deploy.StatusFailed)
			d2.Status = deploy.StatusSuccess
			f.fails(t, errs.ErrStale, entry("deployment.activate", "environment", prod.ID), func(e audit.Entry) error { return deps.Activate(f.ctx, d2, d2.ID, e) })
			env, _ = envs.GetEnvironment(f.ctx, prod.ID)
			same(t, "live after a refused activation", env.LiveDeploymentID, d1.ID)
			// A rollback is a new deployment with its source's pages.
			rb := f.newDeployment(prod, deploy.StatusSuccess)
			rb.Kind, rb.SourceDeploymentID, rb.ManifestHash = deploy.KindRollback, d1.ID, "man1"
			f.mutates(t, entry("deployment.rollback", "environment", prod.ID), func(e audit.Entry) error { return deps.Activate(f.ctx, rb, d1.ID, e) })
			states, _ = deps.PageStates(f.ctx, prod.ID)
			if len(states) != 1 || states[0].DeploymentID != rb.ID {
				t.Fatalf("page states after rollback %+v", states)
			}
			list, err := deps.ListDeployments(f.ctx, prod.ID, "", 10)
			noErr(t, "list", err)
			same(t, "newest first", ids(list, func(d deploy.Deployment) string { return d.ID }), []string{rb.ID, d2.ID, d1.ID})
			// Decisions apply to pending deployments only.
			pd := f.newDeployment(prod, deploy.StatusPendingApproval)
			f.mutates(t, entry("deployment.create", "environment", prod.ID), func(e audit.Entry) error { return deps.CreateDeployment(f.ctx, pd, e) })
			a := deploy.Approval{Decision: "approved", By: deploy.Deployer{ID: f.admin.ID, Name: f.admin.Name}, At: f.now}
			f.mutates(t, entry("deployment.approve", "environment", prod.ID), func(e audit.Entry) error {
				return deps.Decide(f.ctx, pd.ID, a, deploy.StatusQueued, e)
			})
			f.fails(t, errs.ErrStale, entry("deployment.approve", "environment", prod.ID), func(e audit.Entry) error {
				return deps.Decide(f.ctx, pd.ID, a, deploy.StatusQueued, e)
			})
			got, _ = deps.GetDeployment(f.ctx, pd.ID)
			if got.Status != deploy.StatusQueued || got.Approval == nil || got.Approval.By.ID != f.admin.ID {
				t.Fatalf("approved deployment %+v", got)
			}
		}},
	})
}

func (f *fixture) newEnv(siteID, slug string, pos int) environment.Environment {
	return environment.Environment{ID: newID(), SiteID: siteID, Slug: slug, Name: slug, Kind: slug, Position: pos,
		Access: environment.Access{Mode: "public", Roles: []string{}}, Config: environment.Config{APIBaseURLs: map[string]string{}, Features: map[string]bool{}},
		CreatedAt: f.now, UpdatedAt: f.now}
}

func (f *fixture) newDeployment(env environment.Environment, status string) deploy.Deployment {
	now := f.now.Add(time.Duration(len(randHex())) * time.Microsecond)
	return deploy.Deployment{ID: newID(), SiteID: env.SiteID, EnvironmentID: env.ID, Environment: env.Slug, Kind: deploy.KindBuild, Status: status,
		Stages: []deploy.Stage{{Name: "build", Status: "pending"}}, TriggeredBy: &deploy.Deployer{ID: f.admin.ID, Name: f.admin.Name}, CreatedAt: now}
}
