package rfc2463_test

import (
	"testing"

	"github.com/v6ct/v6ct/rfc2463"
	"github.com/v6ct/v6ct/suites"
	_ "github.com/v6ct/v6ct/targets/builtin" // the targets V6CT_TARGET names
)

var _ = rfc2463.Folder

func TestRFC2463(t *testing.T) { suites.RunSuite(t, "RFC 4443 (was 2463): ICMPv6") }
