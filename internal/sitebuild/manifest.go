// Package sitebuild builds a whole site for one environment into an
// immutable, content-addressed artifact: every file is an object named by
// the SHA-256 of its bytes, and a Manifest maps each URL path of the site to
// its object (and its precompressed copies). Two builds that produce the
// same bytes share the objects, so promoting a build to another
// environment, or rolling back to an earlier one, copies nothing.
package sitebuild

import "time"

// ManifestVersion is the format of Manifest written by this package.
const ManifestVersion = 1

// Manifest describes one build: what every URL path of the site serves.
type Manifest struct {
	Version   int       `json:"version"`
	SiteID    string    `json:"siteId"`
	BuildID   string    `json:"buildId"`
	CreatedAt time.Time `json:"createdAt"`
	// BaseURL is the environment's public URL the build was made for
	// (absolute links in sitemap.xml, canonical and og:url); may be empty.
	BaseURL string `json:"baseUrl,omitempty"`
	// Files maps a URL path to the file served there. Page paths end in
	// "/" ("/", "/services/flu-clinic/"); other files have their name
	// ("/sitemap.xml", "/robots.txt", "/404.html",
	// "/_pw/site.3f2a1b9c0d4e.css", "/_pw/a/9e1f….jpg").
	Files map[string]File `json:"files"`
	// NotFound is the path (a key of Files) of the page served, with status
	// 404, for a path the site does not have.
	NotFound string `json:"notFound"`
	// Pages are the site's pages in this build, by path order.
	Pages []PageEntry `json:"pages"`
}

// File is one served file.
type File struct {
	// Hash is the hex SHA-256 of the (identity-encoded) bytes: the object's
	// name in the store.
	Hash string `json:"hash"`
	Size int64  `json:"size"`
	// Type is the Content-Type to send ("text/html; charset=utf-8").
	Type string `json:"type"`
	// Immutable marks a file whose path carries its hash: it may be cached
	// for ever.
	Immutable bool `json:"immutable,omitempty"`
	// Br and Gzip are precompressed copies, when they are smaller.
	Br   *Encoded `json:"br,omitempty"`
	Gzip *Encoded `json:"gzip,omitempty"`
	// CSP, for an HTML page, is the Content-Security-Policy to send with
	// it: 'self' plus the hashes of the page's inline scripts and styles.
	CSP string `json:"csp,omitempty"`
}

// Encoded is a precompressed copy of a file, itself an object.
type Encoded struct {
	Hash string `json:"hash"`
	Size int64  `json:"size"`
}

// PageEntry records which page, at which content, a build rendered at a
// path. InputKey is the hash of everything the page's output depends on
// (document, design tokens, assets, base URL, format): a later build whose
// InputKey for the page is the same reuses the previous output instead of
// rendering again.
type PageEntry struct {
	PageID   string `json:"pageId"`
	Path     string `json:"path"`
	Title    string `json:"title"`
	DocHash  string `json:"docHash"`
	InputKey string `json:"inputKey"`
	// Assets are the paths (keys of Files) of the asset files the page
	// uses, so that a reused page keeps them.
	Assets []string `json:"assets,omitempty"`
}
