package io.netfence.admin.composer;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;

import java.util.List;

/**
 * The composer's add/remove buttons: {@code add:PATH} appends an empty element to the list at bean path PATH
 * (e.g. {@code add:ingress[0].peers}), {@code remove:PATH[i]} removes element i; anything else ({@code redraw}, sent
 * when a peer's type changes) only redraws the form.
 */
public final class FormEdit {

    private FormEdit() {
    }

    static void apply(DraftForm form, String action) {
        apply(form, action, FormEdit::newElement);
    }

    /** The same for another form bean, whose lists get their new elements from {@code newElement} (by list path). */
    public static void apply(Object form, String action, java.util.function.Function<String, Object> newElement) {
        if (action == null || action.isBlank()) {
            return;
        }
        BeanWrapper bean = new BeanWrapperImpl(form);
        bean.setAutoGrowNestedPaths(false);
        try {
            if (action.startsWith("add:")) {
                String path = action.substring(4);
                @SuppressWarnings("unchecked")
                List<Object> list = (List<Object>) bean.getPropertyValue(path);
                if (list != null && list.size() < 50) {
                    list.add(newElement.apply(path));
                }
            } else if (action.startsWith("remove:")) {
                String path = action.substring(7);
                int open = path.lastIndexOf('[');
                int index = Integer.parseInt(path.substring(open + 1, path.length() - 1));
                @SuppressWarnings("unchecked")
                List<Object> list = (List<Object>) bean.getPropertyValue(path.substring(0, open));
                if (list != null && index >= 0 && index < list.size()) {
                    list.remove(index);
                }
            }
        } catch (RuntimeException ignored) {
            // a stale button (the form changed underneath): nothing to do, the form is re-rendered as it is
        }
    }

    private static Object newElement(String path) {
        String last = path.substring(path.lastIndexOf('.') + 1);
        return switch (last) {
            case "labels", "annotations" -> new DraftForm.LabelRow();
            case "expressions" -> new DraftForm.ExpressionRow();
            case "peers" -> new DraftForm.PeerForm();
            case "ports" -> new DraftForm.PortForm();
            case "ingress", "egress" -> new DraftForm.RuleForm();
            default -> throw new IllegalArgumentException("cannot add to " + path);
        };
    }
}
