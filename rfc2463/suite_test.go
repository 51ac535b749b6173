package rfc2463_test

import (
	"testing"

	"github.com/v6ct/v6ct/rfc2463"
	"github.com/v6ct/v6ct/suites"
)

var _ = rfc2463.Folder

func TestRFC2463(t *testing.T) { suites.RunSuite(t, "RFC 4443 (was 2463): ICMPv6") }
