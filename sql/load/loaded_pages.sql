-- Every page URL the warehouse has loaded, with what tells whether it changed since.
select url, etag, last_modified, body_hash, listed_at
from fetched_pages;
