package io.visionstream.trainer.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Stratified, seeded splits: every class keeps its share in both parts (the validation split of a run, the test
 * split of a single-folder image tree).
 */
public final class Splits {

    private Splits() {
    }

    /** Indices per part: [0] = the first part ({@code 1 - fraction} of each class), [1] = the rest. */
    public static int[][] stratified(LabeledImages images, double fraction, long seed) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < images.classes().size(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < images.size(); i++) {
            byClass.get(images.labels()[i]).add(i);
        }
        List<Integer> first = new ArrayList<>();
        List<Integer> second = new ArrayList<>();
        Random random = new Random(seed);
        for (List<Integer> members : byClass) {
            java.util.Collections.shuffle(members, random);
            int cut = (int) Math.round(members.size() * (1 - fraction));
            first.addAll(members.subList(0, cut));
            second.addAll(members.subList(cut, members.size()));
        }
        java.util.Collections.shuffle(first, random);
        java.util.Collections.shuffle(second, random);
        return new int[][] {first.stream().mapToInt(Integer::intValue).toArray(), second.stream().mapToInt(Integer::intValue).toArray()};
    }

    /** The first {@code limit} of a stratified shuffle (limit 0 = all). */
    public static int[] limit(LabeledImages images, int limit, long seed) {
        if (limit <= 0 || limit >= images.size()) {
            int[] all = new int[images.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        return stratified(images, 1 - limit / (double) images.size(), seed)[0];
    }
}
