package ru.civicpulse.reporting.readmodel;

import java.util.Comparator;

/** An author (by reference) under a bucket on the bucket's day. */
record AuthorKey(BucketKey bucket, String authorRef) implements Comparable<AuthorKey> {

    private static final Comparator<AuthorKey> ORDER = Comparator.comparing(AuthorKey::bucket)
            .thenComparing(AuthorKey::authorRef);

    @Override
    public int compareTo(AuthorKey o) {
        return ORDER.compare(this, o);
    }
}
