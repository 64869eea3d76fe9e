package storetest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/deploy"
	"github.com/pagewright/pagewright/internal/environment"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/form"
	"github.com/pagewright/pagewright/internal/jobs"
	"github.com/pagewright/pagewright/internal/site"
	"github.com/pagewright/pagewright/internal/sqlstore"
)

// ---------------------------------------------------------------------------
// Forms.

// RunForms tests sqlstore.Forms (form.Store): definitions kept per build
// artifact (so promotions and rollbacks, which ship the same artifact, find
// them), settings, submissions with their form.submitted event in the same
// transaction, paging and filtering, deletion with its audit entry, and
// the all-or-nothing re-sealing of a key rotation.
func RunForms(t *testing.T, newDB NewDBFunc) {
	runCases(t, newDB, []testCase{
		{name: "DefinitionsFollowTheArtifact", run: func(t *testing.T, f *fixture) {
			forms := sqlstore.Forms{DB: f.db}
			s, prod := f.formSite(t)
			d1 := f.addDeployment(t, prod, "art-1")
			contact := contactDef("/contact/", "email", "message")
			footer := contactDef("/", "email")
			noErr(t, "save", forms.SaveDefinitions(f.ctx, s.ID, "art-1", []form.Definition{contact, footer, contactDef("/old/", "x")}, f.now))
			// Saving again (a retried build) replaces.
			other := contactDef("/", "email")
			other.FormID = "newsletter"
			noErr(t, "save again", forms.SaveDefinitions(f.ctx, s.ID, "art-1", []form.Definition{contact, footer, other}, f.now))
			defs, err := forms.Definitions(f.ctx, d1.ID, "contact")
			noErr(t, "definitions", err)
			same(t, "definitions by page", defs, []form.Definition{footer, contact})
			defs, err = forms.Definitions(f.ctx, d1.ID, "nope")
			noErr(t, "unknown form", err)
			same(t, "unknown form", len(defs), 0)
			// A rollback or promotion ships the same artifact: same forms.
			rb := f.addDeployment(t, prod, "art-1")
			defs, _ = forms.Definitions(f.ctx, rb.ID, "newsletter")
			same(t, "forms of a deployment of the same artifact", defs, []form.Definition{other})
			// Another build has its own.
			d2 := f.addDeployment(t, prod, "art-2")
			defs, _ = forms.Definitions(f.ctx, d2.ID, "contact")
			same(t, "forms of an artifact with none stored", len(defs), 0)
			known, err := forms.FormKnown(f.ctx, s.ID, "newsletter")
			noErr(t, "known", err)
			same(t, "known", known, true)
			known, _ = forms.FormKnown(f.ctx, f.addSite(t, "x-"+randHex()[:6]).ID, "newsletter")
			same(t, "known on another site", known, false)
		}},
		{name: "SubmissionsQueueTheirEvent", run: func(t *testing.T, f *fixture) {
			forms, envs := sqlstore.Forms{DB: f.db}, sqlstore.Environments{DB: f.db}
			s, prod := f.formSite(t)
			dev := f.newEnv(s.ID, "development", 0)
			f.mutates(t, entry("environment.create", "site", s.ID), func(e audit.Entry) error {
				return envs.CreateEnvironments(f.ctx, []environment.Environment{dev}, e)
			})
			d := f.addDeployment(t, prod, "art-1")
			var recs []form.Record
			for i, env := range []environment.Environment{prod, dev, prod} {
				r := form.Record{ID: newID(), SiteID: s.ID, EnvironmentID: env.ID, FormID: "contact", DeploymentID: d.ID,
					PagePath: "/contact/", Sealed: "v1:sealed-" + randHex(), IPHash: randHex(), UserAgent: "Firefox",
					CreatedAt: f.now.Add(time.Duration(i) * time.Second)}
				n0, _ := f.auditState(t)
				noErr(t, "create", forms.CreateSubmission(f.ctx, r))
				if n1, _ := f.auditState(t); n1 != n0 {
					t.Fatal("storing a visitor's submission wrote an audit entry")
				}
				r.Environment = env.Slug
				recs = append(recs, r)
			}
			same(t, "form.submitted events", CountJobs(t, f.db, jobs.FormSubmitted{}.Kind()), 3)
			all, err := forms.ListSubmissions(f.ctx, s.ID, "contact", form.Filter{Limit: 10})
			noErr(t, "list", err)
			same(t, "newest first", ids(all, recID), []string{recs[2].ID, recs[1].ID, recs[0].ID})
			same(t, "record", all[2], recs[0])
			byEnv, _ := forms.ListSubmissions(f.ctx, s.ID, "contact", form.Filter{Environment: "production", Limit: 10})
			same(t, "production", ids(byEnv, recID), []string{recs[2].ID, recs[0].ID})
			byEnv, _ = forms.ListSubmissions(f.ctx, s.ID, "contact", form.Filter{Environment: dev.ID, Limit: 10})
			same(t, "development by id", ids(byEnv, recID), []string{recs[1].ID})
			page, _ := forms.ListSubmissions(f.ctx, s.ID, "contact", form.Filter{BeforeID: recs[2].ID, Limit: 1})
			same(t, "after the cursor", ids(page, recID), []string{recs[1].ID})
			none, _ := forms.ListSubmissions(f.ctx, s.ID, "other", form.Filter{Limit: 10})
			same(t, "another form", len(none), 0)
			got, err := forms.GetSubmission(f.ctx, recs[1].ID)
			noErr(t, "get", err)
			same(t, "get", got, recs[1])

			// A submission for a site that does not exist is refused whole:
			// no row and no event.
			bad := recs[0]
			bad.ID, bad.SiteID = newID(), newID()
			wantErr(t, "missing site", forms.CreateSubmission(f.ctx, bad), errs.ErrNoRows)
			same(t, "events after a refused submission", CountJobs(t, f.db, jobs.FormSubmitted{}.Kind()), 3)

			f.mutates(t, entry("form.submission.delete", "site", s.ID), func(e audit.Entry) error {
				return forms.DeleteSubmission(f.ctx, recs[1].ID, e)
			})
			f.fails(t, errs.ErrNoRows, entry("form.submission.delete", "site", s.ID), func(e audit.Entry) error {
				return forms.DeleteSubmission(f.ctx, recs[1].ID, e)
			})
			_, err = forms.GetSubmission(f.ctx, recs[1].ID)
			wantErr(t, "deleted", err, errs.ErrNoRows)
			restore := FailAuditAppends(t, f.db)
			if err := forms.DeleteSubmission(f.ctx, recs[0].ID, entry("form.submission.delete", "site", s.ID)); err == nil {
				t.Fatal("a delete whose audit entry failed went through")
			}
			restore()
			_, err = forms.GetSubmission(f.ctx, recs[0].ID)
			noErr(t, "submission kept when its delete could not be audited", err)

			// Deleting the site removes its submissions.
			f.mutates(t, entry("site.delete", "site", s.ID), func(e audit.Entry) error { return f.sites.DeleteSite(f.ctx, s.ID, e) })
			_, err = forms.GetSubmission(f.ctx, recs[0].ID)
			wantErr(t, "after the site went", err, errs.ErrNoRows)
		}},
		{name: "SettingsAndSummaries", run: func(t *testing.T, f *fixture) {
			forms := sqlstore.Forms{DB: f.db}
			s, prod := f.formSite(t)
			_, err := forms.Settings(f.ctx, s.ID, "contact")
			wantErr(t, "no settings yet", err, errs.ErrNoRows)
			at := f.now
			st := form.Settings{FormID: "contact", SuccessMessage: "Thanks!", UpdatedAt: &at, UpdatedBy: f.admin.ID}
			f.mutates(t, entry("form.settings.update", "site", s.ID), func(e audit.Entry) error { return forms.PutSettings(f.ctx, s.ID, st, e) })
			st.SuccessMessage, st.RedirectURL = "", "/thanks/"
			f.mutates(t, entry("form.settings.update", "site", s.ID), func(e audit.Entry) error { return forms.PutSettings(f.ctx, s.ID, st, e) })
			got, err := forms.Settings(f.ctx, s.ID, "contact")
			noErr(t, "settings", err)
			same(t, "settings", got, st)
			restore := FailAuditAppends(t, f.db)
			changed := st
			changed.RedirectURL = "/elsewhere/"
			if err := forms.PutSettings(f.ctx, s.ID, changed, entry("form.settings.update", "site", s.ID)); err == nil {
				t.Fatal("settings saved without their audit entry")
			}
			restore()
			got, _ = forms.Settings(f.ctx, s.ID, "contact")
			same(t, "settings after a failed save", got.RedirectURL, "/thanks/")

			// Two builds: the summary shows the newer one's fields.
			d := f.addDeployment(t, prod, "art-1")
			noErr(t, "save 1", forms.SaveDefinitions(f.ctx, s.ID, "art-1", []form.Definition{contactDef("/contact/", "email")}, f.now))
			noErr(t, "save 2", forms.SaveDefinitions(f.ctx, s.ID, "art-2", []form.Definition{contactDef("/contact/", "email", "phone"),
				contactDef("/", "email")}, f.now.Add(time.Minute)))
			newsletter := contactDef("/", "email")
			newsletter.FormID = "newsletter"
			noErr(t, "save 3", forms.SaveDefinitions(f.ctx, s.ID, "art-3", []form.Definition{newsletter}, f.now.Add(time.Minute)))
			for i := range 2 {
				noErr(t, "submit", forms.CreateSubmission(f.ctx, form.Record{ID: newID(), SiteID: s.ID, EnvironmentID: prod.ID, FormID: "contact",
					DeploymentID: d.ID, Sealed: "v1:x", CreatedAt: f.now.Add(time.Duration(i) * time.Hour)}))
			}
			sums, err := forms.Summaries(f.ctx, s.ID)
			noErr(t, "summaries", err)
			if len(sums) != 2 || sums[0].FormID != "contact" || sums[1].FormID != "newsletter" {
				t.Fatalf("summaries %+v", sums)
			}
			c := sums[0]
			same(t, "pages", c.Pages, []string{"/", "/contact/"})
			same(t, "fields", ids(c.Fields, func(fi form.FieldInfo) string { return fi.Name }), []string{"email", "phone"})
			same(t, "count", c.Submissions, 2)
			if c.LastSubmissionAt == nil || !c.LastSubmissionAt.Equal(f.now.Add(time.Hour)) {
				t.Fatalf("last submission %v, want %v", c.LastSubmissionAt, f.now.Add(time.Hour))
			}
			same(t, "settings in the summary", c.Settings, st)
			if sums[1].Submissions != 0 || sums[1].LastSubmissionAt != nil || sums[1].Settings.FormID != "newsletter" {
				t.Fatalf("newsletter summary %+v", sums[1])
			}
		}},
		{name: "ResealIsAllOrNothing", run: func(t *testing.T, f *fixture) {
			forms := sqlstore.Forms{DB: f.db}
			s, prod := f.formSite(t)
			d := f.addDeployment(t, prod, "art-1")
			var ids []string
			for range 3 {
				r := form.Record{ID: newID(), SiteID: s.ID, EnvironmentID: prod.ID, FormID: "contact", DeploymentID: d.ID, Sealed: "v1:old", CreatedAt: f.now}
				noErr(t, "submit", forms.CreateSubmission(f.ctx, r))
				ids = append(ids, r.ID)
			}
			boom := errors.New("does not open")
			_, err := forms.ResealSubmissions(f.ctx, func(r form.Record) (string, error) {
				if r.ID == ids[2] {
					return "", boom
				}
				return "v1:new", nil
			})
			wantErr(t, "failed rotation", err, boom)
			got, _ := forms.GetSubmission(f.ctx, ids[0])
			same(t, "after a failed rotation", got.Sealed, "v1:old")
			n, err := forms.ResealSubmissions(f.ctx, func(r form.Record) (string, error) { return strings.Replace(r.Sealed, "old", "new", 1), nil })
			noErr(t, "rotation", err)
			same(t, "re-sealed", n, 3)
			got, _ = forms.GetSubmission(f.ctx, ids[2])
			same(t, "after the rotation", got.Sealed, "v1:new")
		}},
	})
}

// formSite is a site with a production environment.
func (f *fixture) formSite(t *testing.T) (site.Site, environment.Environment) {
	t.Helper()
	s := f.addSite(t, "forms-"+randHex()[:8])
	prod := f.newEnv(s.ID, "production", 100)
	f.mutates(t, entry("environment.create", "site", s.ID), func(e audit.Entry) error {
		return sqlstore.Environments{DB: f.db}.CreateEnvironments(f.ctx, []environment.Environment{prod}, e)
	})
	return s, prod
}

// addDeployment records a successful deployment of an artifact.
func (f *fixture) addDeployment(t *testing.T, env environment.Environment, artifact string) deploy.Deployment {
	t.Helper()
	d := f.newDeployment(env, deploy.StatusSuccess)
	d.ArtifactHash = artifact
	f.mutates(t, entry("deployment.create", "environment", env.ID), func(e audit.Entry) error {
		return sqlstore.Deployments{DB: f.db}.CreateDeployment(context.WithoutCancel(f.ctx), d, e)
	})
	return d
}

func contactDef(path string, fields ...string) form.Definition {
	d := form.Definition{FormID: "contact", Label: "Contact us", PagePath: path, Fields: []form.Field{}}
	for _, name := range fields {
		d.Fields = append(d.Fields, form.Field{Name: name, Label: strings.ToUpper(name[:1]) + name[1:], Kind: form.KindText,
			Required: name == "email", MaxLength: form.DefaultMaxLength})
	}
	return d
}

func recID(r form.Record) string { return r.ID }
