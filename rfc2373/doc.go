// Package rfc2373 holds the specs for the addressing architecture: RFC 4291,
// which obsoletes RFC 2373 (and RFC 3513 after it).
package rfc2373

// Folder names this suite in reports.
const Folder = "rfc2373"
