package dev.healthmon.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Undoes how Spring binds a YAML list inside a {@code Map<String, Object>}: as a map keyed {@code "0"},
 * {@code "1"}, ...; such maps become lists again, at any depth.
 */
final class BoundMaps {

    private BoundMaps() {
    }

    static Map<String, Object> normalize(Map<String, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((key, value) -> out.put(key, value(value)));
        return out;
    }

    private static Object value(Object value) {
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(item -> out.add(value(item)));
            return out;
        }
        if (!(value instanceof Map<?, ?> map)) {
            return value;
        }
        if (!map.isEmpty() && map.keySet().stream().allMatch(k -> k instanceof String s && s.matches("\\d+"))) {
            TreeMap<Integer, Object> ordered = new TreeMap<>();
            map.forEach((k, v) -> ordered.put(Integer.valueOf((String) k), value(v)));
            if (ordered.firstKey() == 0 && ordered.lastKey() == ordered.size() - 1) {
                return new ArrayList<>(ordered.values());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), value(v)));
        return out;
    }
}
