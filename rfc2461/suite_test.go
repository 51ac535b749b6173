package rfc2461_test

import (
	"testing"

	"github.com/v6ct/v6ct/rfc2461"
	"github.com/v6ct/v6ct/suites"
	_ "github.com/v6ct/v6ct/targets/builtin" // the targets V6CT_TARGET names
)

var _ = rfc2461.Folder

func TestRFC2461(t *testing.T) { suites.RunSuite(t, "RFC 4861 (was 2461): Neighbor Discovery") }
