// Package rfc2462 holds the specs for stateless address autoconfiguration
// and Duplicate Address Detection: RFC 4862, which obsoletes RFC 2462.
package rfc2462

// Folder names this suite in reports.
const Folder = "rfc2462"
