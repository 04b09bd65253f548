package org.provhooks.core.crate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The position of each step in the workflow's execution order, as the Provenance Run Crate profile asks: a step that
 * needs another step's outputs comes after it. Steps with no dependency between them keep the order they were first
 * seen in; steps in a cycle (a recursive workflow) keep that order too.
 */
final class StepOrder {
    private StepOrder() {}

    /**
     * @param steps    step names in the order first seen
     * @param upstream for each step, the steps whose outputs it used
     * @return each step's position, from 0
     */
    static Map<String, Integer> positions(List<String> steps, Map<String, Set<String>> upstream) {
        Map<String, Integer> seen = new HashMap<>();
        for (String s : steps) {
            seen.putIfAbsent(s, seen.size());
        }
        Map<String, Integer> waiting = new HashMap<>();
        Map<String, List<String>> downstream = new HashMap<>();
        for (String s : seen.keySet()) {
            int n = 0;
            for (String u : upstream.getOrDefault(s, Set.of())) {
                if (!u.equals(s) && seen.containsKey(u)) {
                    n++;
                    downstream.computeIfAbsent(u, k -> new ArrayList<>()).add(s);
                }
            }
            waiting.put(s, n);
        }
        PriorityQueue<String> ready = new PriorityQueue<>((a, b) -> Integer.compare(seen.get(a), seen.get(b)));
        waiting.forEach((s, n) -> {
            if (n == 0) {
                ready.add(s);
            }
        });
        Map<String, Integer> position = new LinkedHashMap<>();
        while (position.size() < seen.size()) {
            if (ready.isEmpty()) {
                // a cycle: release the earliest-seen step still waiting
                seen.keySet().stream()
                        .filter(s -> !position.containsKey(s))
                        .min((a, b) -> Integer.compare(seen.get(a), seen.get(b)))
                        .ifPresent(ready::add);
            }
            String s = ready.poll();
            if (position.containsKey(s)) {
                continue;
            }
            position.put(s, position.size());
            for (String d : downstream.getOrDefault(s, List.of())) {
                if (waiting.merge(d, -1, Integer::sum) == 0 && !position.containsKey(d)) {
                    ready.add(d);
                }
            }
        }
        return position;
    }
}
