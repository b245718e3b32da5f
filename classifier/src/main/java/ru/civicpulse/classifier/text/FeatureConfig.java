package ru.civicpulse.classifier.text;

/**
 * How texts become hashed features: {@code hashBits} buckets (2^bits), word n-grams up to
 * {@code wordNgrams} over stems (stop words dropped, negations kept), character n-grams
 * {@code charMin..charMax} over lower-cased surface words padded with a space at each end
 * (0 disables them). {@code charWeight} scales the character block against the word block.
 */
public record FeatureConfig(int hashBits, int wordNgrams, int charMin, int charMax, float charWeight) {
    public FeatureConfig {
        if (hashBits < 12 || hashBits > 24) {
            throw new IllegalArgumentException("hashBits must be within 12..24");
        }
        if (wordNgrams < 1 || wordNgrams > 2) {
            throw new IllegalArgumentException("wordNgrams must be 1 or 2");
        }
        if (charMax != 0 && (charMin < 1 || charMax < charMin || charMax > 8)) {
            throw new IllegalArgumentException("character n-gram range must be within 1..8");
        }
    }
}
