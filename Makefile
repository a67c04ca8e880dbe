# Thin wrappers over scripts/. The two commands a new user needs: `make run` and `make test`.
.PHONY: run test generate bench services-up services-down build clean

run:            ## serve on the embedded default: local disk + a throwaway PostgreSQL under ./.data
	scripts/run-dev.sh

test:           ## install what is missing, start PostgreSQL and Ceph RGW, run every test, stop them
	scripts/test.sh

generate:       ## write a readable copy of the generated database code to .generated/ (git-ignored)
	scripts/generate.sh

bench:          ## release build; prints ratios measured side by side in one run
	scripts/bench-all.sh

services-up:    ## start PostgreSQL and RGW under ./.data for manual testing (prints their env)
	scripts/dev-postgres.sh start .data/postgres && scripts/dev-s3.sh start .data/rgw

services-down:
	-scripts/dev-s3.sh stop .data/rgw
	-scripts/dev-postgres.sh stop .data/postgres

build:
	scripts/install-deps.sh build && swift build

clean:
	-scripts/dev-s3.sh stop .data/rgw
	-scripts/dev-postgres.sh stop .data/postgres
	rm -rf .build .generated .data
