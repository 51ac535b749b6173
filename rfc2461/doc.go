// Package rfc2461 holds the specs for Neighbor Discovery: RFC 4861, which
// obsoletes RFC 2461, and its updates (RFC 6980 among them).
package rfc2461

// Folder names this suite in reports.
const Folder = "rfc2461"
