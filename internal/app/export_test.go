package app

// ExtractTemplate exposes extractTemplate to the external tests.
var ExtractTemplate = extractTemplate
